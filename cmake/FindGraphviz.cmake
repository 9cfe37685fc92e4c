# Finds Graphviz's layout and rendering library (libgvc, with libcgraph and libcdt), which
# kg uses to draw SVG and PNG in process. Debian's libgraphviz-dev ships pkg-config files
# but no CMake package configuration.
#
# Defines the imported target graphviz::gvc and the result variable Graphviz_FOUND.

find_path(Graphviz_INCLUDE_DIR NAMES graphviz/gvc.h)
find_library(Graphviz_GVC_LIBRARY NAMES gvc)
find_library(Graphviz_CGRAPH_LIBRARY NAMES cgraph)
find_library(Graphviz_CDT_LIBRARY NAMES cdt)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Graphviz
  REQUIRED_VARS Graphviz_GVC_LIBRARY Graphviz_CGRAPH_LIBRARY Graphviz_CDT_LIBRARY Graphviz_INCLUDE_DIR)

if(Graphviz_FOUND AND NOT TARGET graphviz::gvc)
  add_library(graphviz::cdt UNKNOWN IMPORTED)
  set_target_properties(graphviz::cdt PROPERTIES IMPORTED_LOCATION "${Graphviz_CDT_LIBRARY}")
  add_library(graphviz::cgraph UNKNOWN IMPORTED)
  set_target_properties(graphviz::cgraph PROPERTIES
    IMPORTED_LOCATION "${Graphviz_CGRAPH_LIBRARY}"
    INTERFACE_LINK_LIBRARIES graphviz::cdt)
  add_library(graphviz::gvc UNKNOWN IMPORTED)
  set_target_properties(graphviz::gvc PROPERTIES
    IMPORTED_LOCATION "${Graphviz_GVC_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${Graphviz_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES graphviz::cgraph)
endif()

mark_as_advanced(Graphviz_INCLUDE_DIR Graphviz_GVC_LIBRARY Graphviz_CGRAPH_LIBRARY Graphviz_CDT_LIBRARY)
