/* kg: C API. Opaque handles, kg_status results, out-parameters, and kg_free for every
 * string the library allocates. No C++ exception ever crosses this boundary. */
#ifndef KG_KG_H
#define KG_KG_H

#include <stddef.h>

#include <kg/export.hpp>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kg_graph kg_graph;

typedef enum kg_status {
  KG_OK = 0,
  KG_ERROR_INVALID_ARGUMENT = 1,
  KG_ERROR_VAULT_NOT_FOUND = 2,
  KG_ERROR_IO = 3,
  KG_ERROR_NOT_FOUND = 4,
  KG_ERROR_OUT_OF_MEMORY = 5,
  KG_ERROR_INTERNAL = 6
} kg_status;

/* Library version, e.g. "0.1.0". Static storage. */
KG_API const char* kg_version(void);
/* A short English description of a status. Static storage. */
KG_API const char* kg_status_string(kg_status status);

/* Loads the vault at `vault_path` with `threads` parser threads (0 = one per core).
 * On success *out owns the graph; release it with kg_graph_close. */
KG_API kg_status kg_graph_open(const char* vault_path, unsigned threads, kg_graph** out);
KG_API void kg_graph_close(kg_graph* graph);

KG_API size_t kg_graph_node_count(const kg_graph* graph);
KG_API size_t kg_graph_edge_count(const kg_graph* graph);
KG_API size_t kg_graph_diagnostic_count(const kg_graph* graph);

/* The node-link JSON document of `kg export --format json`. *out is released with kg_free. */
KG_API kg_status kg_graph_export_json(const kg_graph* graph, char** out);
/* How `link` resolves when written in note `from` (NULL or "" for the vault root), as the
 * JSON of `kg resolve --json`. *out is released with kg_free. */
KG_API kg_status kg_graph_resolve_json(const kg_graph* graph, const char* link, const char* from,
                                       char** out);

KG_API void kg_free(void* pointer);

#ifdef __cplusplus
}
#endif

#endif /* KG_KG_H */
