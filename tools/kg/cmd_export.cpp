// kg export: the graph for other tools (the node-link JSON document, a Graphviz diagram).
#include "cli.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

namespace kg::cli {
namespace {

bool inside(const std::filesystem::path& dir, const std::filesystem::path& path) {
  // Absolute first: weakly_canonical leaves a relative path whose first part does not exist
  // (a bare `out.json`) relative, and it would never compare as inside.
  std::error_code ec;
  const auto root = std::filesystem::weakly_canonical(std::filesystem::absolute(dir, ec), ec);
  const auto target = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  auto r = root.begin();
  auto t = target.begin();
  for (; r != root.end(); ++r, ++t) {
    if (t == target.end() || *r != *t) return false;
  }
  return true;
}

}  // namespace

int cmd_export(const Args& args) {
  if (args.format != "json" && args.format != "dot" && args.format != "mermaid" && args.format != "graphml") {
    throw UsageError(args.format.empty() ? "export needs --format json, graphml, dot or mermaid"
                                         : "unknown export format '" + args.format +
                                               "' (this version writes json, graphml, dot and mermaid)");
  }
  const bool to_file = args.output && *args.output != "-";
  if (to_file && inside(args.vault, *args.output)) {
    throw Error(ErrorCode::OutputInsideVault,
                "refusing to write " + args.output->string() + " inside the vault");
  }
  const Graph& graph = load(args);
  io::JsonOptions options;
  options.indent = 1;
  const auto write = [&](std::ostream& out) {
    if (args.format == "dot") {
      out << io::dot(graph);
    } else if (args.format == "graphml") {
      io::write_graphml(graph, out);
    } else if (args.format == "mermaid") {
      io::MermaidOptions mermaid;
      mermaid.force = args.force;
      out << io::mermaid(graph, mermaid);
    } else {
      io::write_json(graph, out, options);
    }
  };
  if (to_file) {
    // Streamed to a file beside the target and renamed over it once whole: the document is
    // never held in memory, and a failed export leaves the old file (or none), never half.
    const std::filesystem::path& target = *args.output;
    std::filesystem::path partial = target;
    partial += ".kg-partial-" + std::to_string(::getpid());
    {
      std::ofstream out(partial, std::ios::binary | std::ios::trunc);
      if (out) write(out);
      out.flush();
      if (!out) {
        std::error_code ignored;
        std::filesystem::remove(partial, ignored);
        throw Error(ErrorCode::Io, "cannot write " + target.string());
      }
    }
    std::error_code ec;
    std::filesystem::rename(partial, target, ec);
    if (ec) {
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
      throw Error(ErrorCode::Io, "cannot write " + target.string() + " (" + ec.message() + ")");
    }
  } else {
    write(std::cout);
  }
  return kOk;
}

}  // namespace kg::cli
