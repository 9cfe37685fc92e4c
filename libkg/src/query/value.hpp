// value: what a query computes with. openCypher's values (kg/query.hpp's kg::query::Value):
// null, booleans, integers, floats, strings, lists, maps, and references to the graph's
// nodes, relationships and paths. The three ways openCypher compares them are defined in
// value.cpp: equality (`=`, three-valued: null when either side holds a null it cannot see
// past), comparison (`<` and friends, null across kinds), and orderability (ORDER BY's total
// order, nulls last).
#pragma once

#include <kg/query.hpp>
