// Loads a vault through the installed package and prints what a note links to.
#include <kg/kg.hpp>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  const kg::Graph graph = kg::Graph::load(argv[1]);
  const kg::NodeId note = graph.lookup(argv[2]);
  for (const kg::EdgeId id : graph.out_edges(note)) {
    const kg::Edge& e = graph.edge(id);
    std::cout << e.relation << ' ' << graph.node(e.target).id << '\n';
  }
  return graph.node_count() > 0 ? 0 : 1;
}
