// kg: a knowledge-graph engine for folders of Markdown notes. Include this for everything.
#pragma once

#include <kg/diagnostic.hpp>
#include <kg/error.hpp>
#include <kg/filesystem.hpp>
#include <kg/graph.hpp>
#include <kg/io/csv.hpp>
#include <kg/io/dot.hpp>
#include <kg/io/graphdb.hpp>
#include <kg/io/graphml.hpp>
#include <kg/io/json.hpp>
#include <kg/io/mermaid.hpp>
#include <kg/io/render.hpp>
#include <kg/options.hpp>
#include <kg/query.hpp>
#include <kg/traverse.hpp>
#include <kg/value.hpp>
#include <kg/view.hpp>
#include <kg/version.hpp>
