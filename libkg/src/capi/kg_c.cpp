// The C API: a try/catch firewall around the C++ library.
#include <kg/error.hpp>
#include <kg/graph.hpp>
#include <kg/io/json.hpp>
#include <kg/kg.h>
#include <kg/version.hpp>

#include <cstdlib>
#include <cstring>
#include <new>
#include <sstream>

struct kg_graph {
  kg::Graph graph;
};

namespace {

kg_status status_of(const kg::Error& e) {
  switch (e.code()) {
    case kg::ErrorCode::VaultNotFound: return KG_ERROR_VAULT_NOT_FOUND;
    case kg::ErrorCode::NoteNotFound: return KG_ERROR_NOT_FOUND;
    case kg::ErrorCode::Io: return KG_ERROR_IO;
    case kg::ErrorCode::InvalidArgument:
    case kg::ErrorCode::NoteAmbiguous:
    case kg::ErrorCode::OutputInsideVault:
    case kg::ErrorCode::InvalidQuery: return KG_ERROR_INVALID_ARGUMENT;
    case kg::ErrorCode::Cancelled:
    case kg::ErrorCode::BudgetExceeded:
    case kg::ErrorCode::RendererMissing: return KG_ERROR_INTERNAL;
  }
  return KG_ERROR_INTERNAL;
}

template <typename F>
kg_status guarded(F&& f) noexcept {
  try {
    return f();
  } catch (const kg::Error& e) {
    return status_of(e);
  } catch (const std::bad_alloc&) {
    return KG_ERROR_OUT_OF_MEMORY;
  } catch (...) {
    return KG_ERROR_INTERNAL;
  }
}

kg_status copy_out(const std::string& text, char** out) {
  char* buffer = static_cast<char*>(std::malloc(text.size() + 1));
  if (buffer == nullptr) return KG_ERROR_OUT_OF_MEMORY;
  std::memcpy(buffer, text.c_str(), text.size() + 1);
  *out = buffer;
  return KG_OK;
}

}  // namespace

extern "C" {

const char* kg_version(void) { return kg::version(); }

const char* kg_status_string(kg_status status) {
  switch (status) {
    case KG_OK: return "ok";
    case KG_ERROR_INVALID_ARGUMENT: return "invalid argument";
    case KG_ERROR_VAULT_NOT_FOUND: return "vault not found";
    case KG_ERROR_IO: return "input/output error";
    case KG_ERROR_NOT_FOUND: return "not found";
    case KG_ERROR_OUT_OF_MEMORY: return "out of memory";
    case KG_ERROR_INTERNAL: return "internal error";
  }
  return "unknown status";
}

kg_status kg_graph_open(const char* vault_path, unsigned threads, kg_graph** out) {
  if (vault_path == nullptr || out == nullptr) return KG_ERROR_INVALID_ARGUMENT;
  *out = nullptr;
  return guarded([&] {
    kg::LoadOptions options;
    options.threads = threads;
    *out = new kg_graph{kg::Graph::load(vault_path, options)};
    return KG_OK;
  });
}

void kg_graph_close(kg_graph* graph) { delete graph; }

size_t kg_graph_node_count(const kg_graph* graph) {
  return graph == nullptr ? 0 : graph->graph.node_count();
}
size_t kg_graph_edge_count(const kg_graph* graph) {
  return graph == nullptr ? 0 : graph->graph.edge_count();
}
size_t kg_graph_diagnostic_count(const kg_graph* graph) {
  return graph == nullptr ? 0 : graph->graph.diagnostic_count();
}

kg_status kg_graph_export_json(const kg_graph* graph, char** out) {
  if (graph == nullptr || out == nullptr) return KG_ERROR_INVALID_ARGUMENT;
  *out = nullptr;
  return guarded([&] {
    std::ostringstream text;
    kg::io::write_json(graph->graph, text);
    return copy_out(text.str(), out);
  });
}

kg_status kg_graph_resolve_json(const kg_graph* graph, const char* link, const char* from,
                                char** out) {
  if (graph == nullptr || link == nullptr || out == nullptr) return KG_ERROR_INVALID_ARGUMENT;
  *out = nullptr;
  return guarded([&] {
    const kg::Resolution r = graph->graph.resolve(link, from == nullptr ? "" : from);
    return copy_out(kg::io::resolutions_json(std::span<const kg::Resolution>(&r, 1)), out);
  });
}

void kg_free(void* pointer) { std::free(pointer); }

}  // extern "C"
