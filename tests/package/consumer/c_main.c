/* The C API, compiled as C: open a vault, count, resolve a link, free. */
#include <kg/kg.h>

#include <stdio.h>
#include <string.h>

int main(int argc, char** argv) {
  kg_graph* graph = NULL;
  char* json = NULL;
  if (argc != 3) return 2;
  if (kg_graph_open(argv[1], 0, &graph) != KG_OK) return 1;
  printf("nodes %zu edges %zu\n", kg_graph_node_count(graph), kg_graph_edge_count(graph));
  if (kg_graph_resolve_json(graph, argv[2], NULL, &json) != KG_OK) return 1;
  printf("%s\n", json);
  kg_free(json);
  if (kg_graph_open("/nonexistent/kg", 0, &graph) != KG_ERROR_VAULT_NOT_FOUND) return 1;
  kg_graph_close(graph);
  return 0;
}
