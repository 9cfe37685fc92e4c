// A vault of random notes for tests that hold kg to brute force.
#pragma once

#include "support/temp_vault.hpp"

#include <random>
#include <string>

namespace kg::test {

/// prefix + number (GCC 12 warns, wrongly, on "literal" + std::to_string(...)).
std::string num(const char* prefix, long long n);

/// A vault of `n` notes (n0.md ...) linking at random: front-matter relations (`supplier`,
/// with the inverse `customer`, so some relationships are implied, and some with
/// since/until), `partner` inline fields, body links, links to notes that do not exist
/// (ghosts), self-links and repeated statements. Types `company` and `person`.
void write_random_vault(TempVault& v, std::mt19937& rng, int n);

}  // namespace kg::test
