# Finds cmark-gfm and its core extensions. Debian's libcmark-gfm-dev ships no CMake
# package configuration, so kg locates the headers and libraries itself.
#
# Defines the imported target cmark-gfm::cmark-gfm (core library plus extensions) and
# the result variables CmarkGfm_FOUND, CmarkGfm_VERSION.

find_path(CmarkGfm_INCLUDE_DIR NAMES cmark-gfm.h)
find_path(CmarkGfm_EXTENSIONS_INCLUDE_DIR NAMES cmark-gfm-core-extensions.h)
find_library(CmarkGfm_LIBRARY NAMES cmark-gfm)
find_library(CmarkGfm_EXTENSIONS_LIBRARY NAMES cmark-gfm-extensions)

if(CmarkGfm_INCLUDE_DIR AND EXISTS "${CmarkGfm_INCLUDE_DIR}/cmark-gfm_version.h")
  file(STRINGS "${CmarkGfm_INCLUDE_DIR}/cmark-gfm_version.h" _kg_cmark_version_line
       REGEX "#define CMARK_GFM_VERSION_STRING")
  string(REGEX REPLACE ".*\"([^\"]+)\".*" "\\1" CmarkGfm_VERSION "${_kg_cmark_version_line}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(CmarkGfm
  REQUIRED_VARS CmarkGfm_LIBRARY CmarkGfm_EXTENSIONS_LIBRARY CmarkGfm_INCLUDE_DIR
                CmarkGfm_EXTENSIONS_INCLUDE_DIR
  VERSION_VAR CmarkGfm_VERSION)

if(CmarkGfm_FOUND AND NOT TARGET cmark-gfm::cmark-gfm)
  add_library(cmark-gfm::core UNKNOWN IMPORTED)
  set_target_properties(cmark-gfm::core PROPERTIES
    IMPORTED_LOCATION "${CmarkGfm_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CmarkGfm_INCLUDE_DIR}")
  add_library(cmark-gfm::cmark-gfm UNKNOWN IMPORTED)
  set_target_properties(cmark-gfm::cmark-gfm PROPERTIES
    IMPORTED_LOCATION "${CmarkGfm_EXTENSIONS_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${CmarkGfm_EXTENSIONS_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES cmark-gfm::core)
endif()

mark_as_advanced(CmarkGfm_INCLUDE_DIR CmarkGfm_EXTENSIONS_INCLUDE_DIR CmarkGfm_LIBRARY
                 CmarkGfm_EXTENSIONS_LIBRARY)
