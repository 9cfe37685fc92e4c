// kg-genvault: writes a seeded synthetic vault of Obsidian-style notes for benchmarks.
//
//   kg-genvault --out DIR [--notes N=1000] [--seed S=1] [--links-per-note L=8] [--folders F=20]
//   kg-genvault --out DIR --typed [--notes N] [--seed S]
//
// --typed writes a typed graph instead, shaped as the Kuzu comparison's synthetic graph
// (tests/bench/kuzu_compare.py): five types (company 25%, model 30%, chip 20%, place 20%,
// export_control 5%), five relations stated in front matter (develops 1.3 per note, supplier
// 1.25 with a `since`, uses 1.6, subject_to 0.6, headquartered_in 0.25: about 5 per note),
// typed properties, and no fact stated twice, so a statement is a relationship.
//
// The same seed and arguments give byte-identical files on every platform, so a benchmark
// figure can name the vault it ran on by its arguments alone.

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <unordered_set>
#include <utility>
#include <vector>

namespace fs = std::filesystem;

namespace {

constexpr int kExitFailure = 2;

// The standard fixes mt19937_64's output sequence but leaves every distribution's algorithm to
// the library, so std::uniform_int_distribution would give libstdc++ and libc++ users different
// vaults for the same seed. All randomness goes through these hand-written helpers instead.
class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  // Uniform in [0, bound). Draws below 2^64 mod bound are rejected so that every residue is
  // equally likely (a plain modulo favours small values).
  std::uint64_t below(std::uint64_t bound) {
    assert(bound > 0);
    const std::uint64_t threshold = (0 - bound) % bound;
    for (;;) {
      const std::uint64_t r = engine_();
      if (r >= threshold) return r % bound;
    }
  }

  // Uniform in [lo, hi], both inclusive.
  std::uint64_t between(std::uint64_t lo, std::uint64_t hi) {
    assert(lo <= hi);
    return lo + below(hi - lo + 1);
  }

  // True with probability per_mille / 1000; per-mille keeps the 2% and 3% rates exact.
  bool chance(std::uint64_t per_mille) { return below(1000) < per_mille; }

  template <typename T, std::size_t N>
  const T& pick(const std::array<T, N>& items) {
    return items[below(N)];
  }

 private:
  std::mt19937_64 engine_;
};

// SplitMix64 finaliser: turns (seed, stream) into well-separated engine seeds, so note i's
// text depends only on the plan and on i, not on how much randomness earlier notes used.
std::uint64_t derive_seed(std::uint64_t seed, std::uint64_t stream) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (stream + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Words for note names. None of them is a YAML 1.1 special scalar (yes, no, on, off, null,
// true...), so names and aliases stay strings without quoting.
constexpr std::array<std::string_view, 160> kNameWords = {
    "Acorn",    "Alder",   "Amber",   "Anvil",   "Apex",     "Arbor",    "Argon",   "Arrow",
    "Aspen",    "Atlas",   "Aurora",  "Axis",    "Basalt",   "Beacon",   "Birch",   "Bishop",
    "Blaze",    "Bolt",    "Boulder", "Bramble", "Breeze",   "Bridge",   "Brook",   "Cabin",
    "Canyon",   "Carbon",  "Cascade", "Cedar",   "Cipher",   "Citadel",  "Clover",  "Cobalt",
    "Comet",    "Compass", "Copper",  "Coral",   "Crane",    "Crest",    "Crystal", "Cypress",
    "Dawn",     "Delta",   "Dune",    "Eagle",   "Echo",     "Eclipse",  "Ember",   "Falcon",
    "Fern",     "Fjord",   "Flint",   "Forge",   "Fox",      "Frost",    "Gale",    "Garnet",
    "Glacier",  "Granite", "Grove",   "Harbor",  "Hawk",     "Heron",    "Helix",   "Horizon",
    "Indigo",   "Iris",    "Iron",    "Ivory",   "Jade",     "Jasper",   "Juniper", "Kestrel",
    "Keystone", "Lagoon",  "Lantern", "Larch",   "Lark",     "Lattice",  "Lumen",   "Lynx",
    "Magnet",   "Maple",   "Marble",  "Meadow",  "Meridian", "Mesa",     "Mica",    "Mirror",
    "Monarch",  "Moss",    "Nebula",  "Nimbus",  "Noble",    "Nova",     "Oak",     "Oasis",
    "Obsidian", "Ocean",   "Onyx",    "Opal",    "Orbit",    "Orchid",   "Osprey",  "Pebble",
    "Pelican",  "Pine",    "Pioneer", "Pixel",   "Plume",    "Polar",    "Prism",   "Pulse",
    "Quartz",   "Quill",   "Radiant", "Rapid",   "Raven",    "Reef",     "Ridge",   "River",
    "Rook",     "Ruby",    "Saffron", "Sage",    "Sapphire", "Sentinel", "Sequoia", "Shale",
    "Sierra",   "Signal",  "Silver",  "Slate",   "Solace",   "Sparrow",  "Spruce",  "Stellar",
    "Stone",    "Summit",  "Swift",   "Tango",   "Tempest",  "Thistle",  "Thunder", "Timber",
    "Titan",    "Topaz",   "Torrent", "Tundra",  "Umber",    "Valley",   "Vector",  "Velvet",
    "Vertex",   "Violet",  "Vista",   "Willow",  "Wren",     "Zenith",   "Zephyr",  "Zinc",
};

constexpr std::array<std::string_view, 96> kFillerWords = {
    "the",          "of",         "and",      "a",         "to",        "in",      "is",
    "that",         "for",        "it",       "as",        "with",      "was",     "on",
    "by",           "at",         "from",     "this",      "which",     "an",      "were",
    "are",          "been",       "has",      "their",     "more",      "other",   "also",
    "into",         "after",      "market",   "design",    "process",   "system",  "research",
    "product",      "supply",     "demand",   "capacity",  "growth",    "network", "model",
    "training",     "inference",  "wafer",    "yield",     "node",      "roadmap", "partner",
    "customer",     "revenue",    "strategy", "platform",  "region",    "history", "policy",
    "export",       "control",    "standard", "benchmark", "release",   "version", "team",
    "founder",      "investment", "factory",  "memory",    "bandwidth", "latency", "throughput",
    "architecture", "license",    "open",     "closed",    "early",     "late",    "major",
    "minor",        "global",     "local",    "steady",    "rapid",     "notable", "public",
    "private",      "several",    "many",     "few",       "new",       "older",   "significant",
    "primary",      "secondary",  "recent",   "annual",    "quarterly",
};

// Top-level folder words; a suffix keeps names unique once F exceeds the list.
constexpr std::array<std::string_view, 20> kFolderWords = {
    "Research", "Companies", "Hardware",  "People",  "Places", "Concepts",  "Archive",
    "Projects", "Reading",   "Meetings",  "Journal", "Areas",  "Resources", "Models",
    "Chips",    "Markets",   "Timelines", "Labs",    "Policy", "Sources",
};

constexpr std::array<std::string_view, 6> kTypes = {"company", "model",  "chip",
                                                    "place",   "person", "concept"};

// Front-matter relation key per type, and the type its target is drawn from.
struct RelationRule {
  std::string_view key;
  std::size_t target_type;
};
constexpr std::array<RelationRule, 6> kRelations = {{
    {"supplier", 0},      // company -> company
    {"developer", 0},     // model -> company
    {"manufacturer", 0},  // chip -> company
    {"located_in", 3},    // place -> place
    {"employer", 0},      // person -> company
    {"related", 5},       // concept -> concept
}};

constexpr std::array<std::string_view, 24> kTags = {
    "ai",
    "hardware",
    "software",
    "semiconductors",
    "supply-chain",
    "history",
    "europe",
    "asia",
    "americas",
    "research/ml",
    "research/systems",
    "status/draft",
    "status/review",
    "status/done",
    "people",
    "markets",
    "policy",
    "energy",
    "robotics",
    "cloud",
    "open-source",
    "startup",
    "archive",
    "todo",
};

// "Related" is left out: every note's list section uses it.
constexpr std::array<std::string_view, 10> kHeadings = {
    "Overview",   "History",  "Products",       "Details", "Timeline",
    "Background", "Analysis", "Open Questions", "Sources", "Key Facts",
};

constexpr std::array<std::string_view, 8> kRelationPhrases = {
    "competitor", "partner",   "supplier",    "customer",
    "investor",   "successor", "predecessor", "see also",
};

constexpr std::array<std::string_view, 5> kRelationNotes = {
    "since 2019", "unconfirmed", "historical", "per annual report", "rumoured",
};

constexpr std::array<std::string_view, 6> kAliasSuffixes = {"Inc",     "Labs",    "Group",
                                                            "Project", "Systems", "Works"};

// A valid 1x1 transparent PNG, so attachment-aware tools can open the files.
constexpr std::array<unsigned char, 67> kTinyPng = {
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48,
    0x44, 0x52, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00,
    0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78,
    0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00,
    0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
};

// Written as bytes so the output does not depend on the compiler's execution character set.
constexpr std::string_view kEmDash = "\xE2\x80\x94";

constexpr std::size_t kNoFolder = std::numeric_limits<std::size_t>::max();

struct Options {
  fs::path out;
  std::size_t notes = 1000;
  std::uint64_t seed = 1;
  std::size_t links_per_note = 8;
  std::size_t folders = 20;
  bool typed = false;
};

struct NotePlan {
  std::string name;
  std::size_t folder = kNoFolder;
  std::size_t type = 0;
  std::vector<std::string> aliases;
  std::vector<std::size_t> headings;  // indexes into kHeadings, in body order
};

struct AliasRef {
  std::size_t note;
  std::size_t alias;
};

// Everything a note's text may refer to, decided before any note is written.
struct VaultPlan {
  std::vector<std::string> folders;  // vault-relative, '/'-separated
  std::vector<NotePlan> notes;
  std::vector<AliasRef> aliases;
  std::vector<std::string> missing;  // targets guaranteed not to name any note or alias
  std::array<std::vector<std::size_t>, kTypes.size()> by_type;
  std::size_t hubs = 1;
  std::size_t attachments = 0;
  std::size_t ambiguous_notes = 0;
};

struct Stats {
  std::size_t notes = 0;
  std::size_t attachments = 0;
  std::size_t links = 0;  // every wikilink written, embeds and unresolved ones included
  std::size_t embeds = 0;
  std::size_t unresolved = 0;
  std::size_t bytes = 0;
};

[[noreturn]] void fail(const std::string& message) {
  std::cerr << "kg-genvault: " << message << '\n';
  std::exit(kExitFailure);
}

void print_usage(std::ostream& out) {
  out << "usage: kg-genvault --out DIR [--notes N=1000] [--seed S=1] [--links-per-note L=8]"
         " [--folders F=20]\n       kg-genvault --out DIR --typed [--notes N] [--seed S]\n";
}

std::uint64_t parse_number(std::string_view flag, std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) {
    fail("invalid value for " + std::string(flag) + ": '" + std::string(text) + "'");
  }
  return value;
}

Options parse_args(int argc, char** argv) {
  Options options;
  bool have_out = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      print_usage(std::cout);
      std::exit(0);
    }
    if (arg == "--typed") {
      options.typed = true;
      continue;
    }
    std::string_view flag = arg;
    std::string_view value;
    bool have_value = false;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      flag = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      have_value = true;
    }
    const bool known = flag == "--out" || flag == "--notes" || flag == "--seed" ||
                       flag == "--links-per-note" || flag == "--folders";
    if (!known) {
      print_usage(std::cerr);
      fail("unknown argument '" + std::string(arg) + "'");
    }
    if (!have_value) {
      if (i + 1 >= argc) fail("missing value for " + std::string(flag));
      value = argv[++i];
    }
    if (flag == "--out") {
      if (value.empty()) fail("--out needs a directory");
      options.out = fs::path(std::string(value));
      have_out = true;
    } else if (flag == "--notes") {
      options.notes = parse_number(flag, value);
    } else if (flag == "--seed") {
      options.seed = parse_number(flag, value);
    } else if (flag == "--links-per-note") {
      options.links_per_note = parse_number(flag, value);
    } else {
      options.folders = parse_number(flag, value);
    }
  }
  if (!have_out) {
    print_usage(std::cerr);
    fail("--out is required");
  }
  // Bounds keep the name generator and the output size sane, not a limit of the format.
  if (options.notes < 1 || options.notes > 10'000'000) fail("--notes must be 1..10000000");
  if (options.links_per_note > 1000) fail("--links-per-note must be 0..1000");
  if (options.folders > 100'000) fail("--folders must be 0..100000");
  return options;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Obsidian matches names case-insensitively and some file systems fold case, so uniqueness is
// checked on the lower-cased form.
class NameSet {
 public:
  bool contains(std::string_view name) const { return names_.contains(lower(name)); }
  bool insert(std::string_view name) { return names_.insert(lower(name)).second; }

 private:
  std::unordered_set<std::string> names_;  // only probed, never iterated: order cannot leak
};

std::string random_name(Random& rng) {
  const std::size_t words = rng.chance(700) ? 2 : 3;
  std::array<std::size_t, 3> chosen{};
  std::string name;
  for (std::size_t w = 0; w < words; ++w) {
    std::size_t index = 0;
    do {
      index = rng.below(kNameWords.size());
    } while (std::find(chosen.begin(), chosen.begin() + w, index) != chosen.begin() + w);
    chosen[w] = index;
    if (w > 0) name += ' ';
    name += kNameWords[index];
  }
  return name;
}

std::string unique_name(Random& rng, NameSet& taken) {
  for (int attempt = 0; attempt < 32; ++attempt) {
    std::string name = random_name(rng);
    if (taken.insert(name)) return name;
  }
  // The word space is nearly exhausted (millions of notes): a counter still guarantees progress.
  const std::string base = random_name(rng);
  for (std::size_t n = 2;; ++n) {
    std::string name = base + ' ' + std::to_string(n);
    if (taken.insert(name)) return name;
  }
}

std::vector<std::string> plan_folders(Random& rng, std::size_t count) {
  std::vector<std::string> paths;
  std::vector<std::size_t> depth;
  std::vector<std::size_t> top_level;
  std::vector<std::size_t> second_level;
  paths.reserve(count);
  for (std::size_t k = 0; k < count; ++k) {
    std::string name(kFolderWords[k % kFolderWords.size()]);
    if (k >= kFolderWords.size()) name += ' ' + std::to_string(k / kFolderWords.size() + 1);
    // About half the folders sit at the root; the rest nest one or two levels below them.
    std::size_t parent = kNoFolder;
    if (!top_level.empty() && k >= (count + 1) / 2) {
      if (!second_level.empty() && rng.chance(400)) {
        parent = second_level[rng.below(second_level.size())];
      } else {
        parent = top_level[rng.below(top_level.size())];
      }
    }
    const std::size_t level = parent == kNoFolder ? 1 : depth[parent] + 1;
    paths.push_back(parent == kNoFolder ? name : paths[parent] + '/' + name);
    depth.push_back(level);
    if (level == 1) top_level.push_back(k);
    if (level == 2) second_level.push_back(k);
  }
  return paths;
}

bool is_yaml_keyword(std::string_view word) {
  static constexpr std::array<std::string_view, 11> kKeywords = {
      "y", "n", "yes", "no", "on", "off", "true", "false", "null", "nul", "na"};
  const std::string low = lower(word);
  return std::find(kKeywords.begin(), kKeywords.end(), low) != kKeywords.end();
}

std::vector<std::string> plan_aliases(Random& rng, const std::string& name, NameSet& taken) {
  std::vector<std::string> aliases;
  const std::size_t wanted = rng.chance(700) ? 1 : 2;
  for (std::size_t attempt = 0; attempt < 4 && aliases.size() < wanted; ++attempt) {
    std::string alias;
    switch (rng.below(3)) {
      case 0: {  // initials: "Cobalt Nimbus Ridge" -> "CNR"
        bool start = true;
        for (char c : name) {
          if (start && c >= 'A' && c <= 'Z') alias += c;
          start = c == ' ';
        }
        if (alias.size() < 2 || is_yaml_keyword(alias)) alias.clear();
        break;
      }
      case 1:
        alias = name + ' ' + std::string(rng.pick(kAliasSuffixes));
        break;
      default:
        alias = "The " + name;
        break;
    }
    if (!alias.empty() && taken.insert(alias)) aliases.push_back(std::move(alias));
  }
  return aliases;
}

VaultPlan plan_vault(const Options& options) {
  Random rng(derive_seed(options.seed, 0));
  VaultPlan plan;
  plan.folders = plan_folders(rng, options.folders);
  const std::size_t n = options.notes;
  plan.notes.resize(n);

  NameSet taken;
  for (NotePlan& note : plan.notes) {
    note.folder = plan.folders.empty() ? kNoFolder : rng.below(plan.folders.size());
    note.type = rng.below(kTypes.size());
    note.name = unique_name(rng, taken);
  }

  // About 2% of notes share their basename with a note in another folder (pairs), so bare
  // [[Name]] links to them are ambiguous.
  const std::size_t pairs = plan.folders.size() >= 2 ? (n + 50) / 100 : 0;
  std::vector<bool> paired(n, false);
  for (std::size_t p = 0; p < pairs; ++p) {
    for (int attempt = 0; attempt < 64; ++attempt) {
      const std::size_t source = rng.below(n);
      const std::size_t copy = rng.below(n);
      if (source == copy || paired[source] || paired[copy]) continue;
      if (plan.notes[source].folder == plan.notes[copy].folder) continue;
      plan.notes[copy].name = plan.notes[source].name;
      paired[source] = paired[copy] = true;
      plan.ambiguous_notes += 2;
      break;
    }
  }

  for (std::size_t i = 0; i < n; ++i) {
    NotePlan& note = plan.notes[i];
    plan.by_type[note.type].push_back(i);
    if (rng.chance(300)) {
      note.aliases = plan_aliases(rng, note.name, taken);
      for (std::size_t a = 0; a < note.aliases.size(); ++a) plan.aliases.push_back({i, a});
    }
    std::array<std::size_t, kHeadings.size()> order{};
    for (std::size_t h = 0; h < order.size(); ++h) order[h] = h;
    const std::size_t count = rng.between(1, 3);
    for (std::size_t h = 0; h < count; ++h) {  // partial Fisher-Yates: distinct headings
      std::swap(order[h], order[h + rng.below(order.size() - h)]);
      note.headings.push_back(order[h]);
    }
  }

  const std::size_t missing_count = std::max<std::size_t>(8, n / 30);
  for (std::size_t m = 0; m < missing_count; ++m) plan.missing.push_back(unique_name(rng, taken));

  // A few hubs attract a share of all links, as popular notes do in real vaults.
  plan.hubs = std::max<std::size_t>(1, n / 20);
  plan.attachments = std::max<std::size_t>(3, n / 200);
  return plan;
}

std::string folder_of(const VaultPlan& plan, const NotePlan& note) {
  return note.folder == kNoFolder ? std::string() : plan.folders[note.folder];
}

// Writes one note's text; all its randomness comes from its own stream.
class NoteWriter {
 public:
  NoteWriter(const VaultPlan& plan, const Options& options, std::size_t index, Stats& stats)
      : plan_(plan),
        options_(options),
        index_(index),
        note_(plan.notes[index]),
        stats_(stats),
        rng_(derive_seed(options.seed, index + 1)) {}

  std::string write() {
    std::size_t budget =
        options_.links_per_note == 0 ? 0 : rng_.between(0, 2 * options_.links_per_note);

    std::string relation;
    if (rng_.chance(200)) {
      const RelationRule& rule = kRelations[note_.type];
      relation =
          std::string(rule.key) + ": \"" + plain_link(pick_related(rule.target_type)) + "\"\n";
      if (budget > 0) --budget;
    }

    const std::size_t related = std::min<std::size_t>(budget, rng_.below(4));
    budget -= related;
    const bool table = rng_.chance(100);
    const std::size_t table_links = table ? std::min<std::size_t>(budget, rng_.between(1, 2)) : 0;
    budget -= table_links;
    const bool code = rng_.chance(100);

    std::string text;
    text.reserve(4096);
    write_front_matter(text, relation);
    text += "# " + note_.name + "\n\n";

    // Paragraph 0 is the introduction; each heading then gets one or two paragraphs.
    std::vector<std::size_t> section_of_paragraph{0};
    for (std::size_t s = 0; s < note_.headings.size(); ++s) {
      const std::size_t count = rng_.between(1, 2);
      for (std::size_t p = 0; p < count; ++p) section_of_paragraph.push_back(s + 1);
    }
    std::vector<std::vector<std::string>> paragraphs(section_of_paragraph.size());
    for (auto& words : paragraphs) {
      const std::size_t count = rng_.between(25, 70);
      for (std::size_t w = 0; w < count; ++w) words.emplace_back(rng_.pick(kFillerWords));
    }
    for (std::size_t l = 0; l < budget; ++l) scatter(paragraphs, body_link());
    const std::size_t inline_tags = rng_.below(3);
    for (std::size_t t = 0; t < inline_tags; ++t) {
      scatter(paragraphs, '#' + std::string(rng_.pick(kTags)));
    }

    const std::size_t table_section = table ? rng_.below(note_.headings.size()) + 1 : 0;
    const std::size_t code_section = code ? rng_.below(note_.headings.size()) + 1 : 0;
    for (std::size_t p = 0; p < paragraphs.size(); ++p) {
      const std::size_t section = section_of_paragraph[p];
      if (p > 0 && section != section_of_paragraph[p - 1]) {
        text += "## " + std::string(kHeadings[note_.headings[section - 1]]) + "\n\n";
      }
      write_paragraph(text, paragraphs[p]);
      const bool section_ends =
          p + 1 == paragraphs.size() || section_of_paragraph[p + 1] != section;
      if (section_ends && table && section == table_section) write_table(text, table_links);
      if (section_ends && code && section == code_section) write_code_block(text);
    }

    if (related > 0) {
      text += "## Related\n\n";
      for (std::size_t r = 0; r < related; ++r) {
        // One draw per statement: the operands of + are evaluated in an unspecified order, and
        // g++ and clang really do differ, which would break byte-identical output.
        const std::string link = plain_link(pick_target());
        const std::string_view phrase = rng_.pick(kRelationPhrases);
        text += "- " + link + ' ' + std::string(kEmDash) + ' ' + std::string(phrase);
        if (rng_.chance(500)) text += " (" + std::string(rng_.pick(kRelationNotes)) + ')';
        text += '\n';
      }
    }
    ++stats_.notes;
    return text;
  }

 private:
  enum class TargetKind { Note, Alias, Missing };
  struct Target {
    TargetKind kind;
    std::size_t index;  // into plan.notes, plan.aliases or plan.missing
  };

  void write_front_matter(std::string& text, const std::string& relation) {
    text += "---\n";
    text += "type: " + std::string(kTypes[note_.type]) + '\n';
    if (!note_.aliases.empty()) {
      if (rng_.chance(500)) {
        text += "aliases: [";
        for (std::size_t a = 0; a < note_.aliases.size(); ++a) {
          if (a > 0) text += ", ";
          text += note_.aliases[a];
        }
        text += "]\n";
      } else {
        text += "aliases:\n";
        for (const std::string& alias : note_.aliases) text += "  - " + alias + '\n';
      }
    }
    std::array<std::size_t, kTags.size()> order{};
    for (std::size_t t = 0; t < order.size(); ++t) order[t] = t;
    const std::size_t tag_count = rng_.between(1, 4);
    const bool flow = rng_.chance(500);
    text += flow ? "tags: [" : "tags:\n";
    for (std::size_t t = 0; t < tag_count; ++t) {
      std::swap(order[t], order[t + rng_.below(order.size() - t)]);
      const std::string tag(kTags[order[t]]);
      if (flow) {
        text += (t > 0 ? ", " : "") + tag;
      } else {
        text += "  - " + tag + '\n';
      }
    }
    if (flow) text += "]\n";
    text += "score: " + std::to_string(rng_.below(101)) + '\n';
    text += "created: " + date() + '\n';
    text += relation;
    text += "---\n\n";
  }

  std::string date() {
    const auto year = rng_.between(2015, 2024);
    const auto month = rng_.between(1, 12);
    const auto day = rng_.between(1, 28);
    std::string text = std::to_string(year);
    for (const std::uint64_t part : {month, day}) {
      text += part < 10 ? "-0" : "-";
      text += std::to_string(part);
    }
    return text;
  }

  std::size_t pick_note() {
    const std::size_t n = plan_.notes.size();
    std::size_t target = rng_.chance(250) ? rng_.below(plan_.hubs) : rng_.below(n);
    if (target == index_) target = (target + 1) % n;
    return target;
  }

  std::size_t pick_related(std::size_t type) {
    const std::vector<std::size_t>& pool = plan_.by_type[type];
    if (pool.size() >= 2) {
      std::size_t target = pool[rng_.below(pool.size())];
      if (target != index_) return target;
    }
    return pick_note();
  }

  Target pick_target() {
    const std::uint64_t roll = rng_.below(1000);
    if (roll < 30 || plan_.notes.size() < 2) {
      ++stats_.unresolved;
      return {TargetKind::Missing, rng_.below(plan_.missing.size())};
    }
    if (roll < 50 && !plan_.aliases.empty()) {
      return {TargetKind::Alias, rng_.below(plan_.aliases.size())};
    }
    return {TargetKind::Note, pick_note()};
  }

  const std::string& target_name(const Target& target) const {
    switch (target.kind) {
      case TargetKind::Missing:
        return plan_.missing[target.index];
      case TargetKind::Alias: {
        const AliasRef& ref = plan_.aliases[target.index];
        return plan_.notes[ref.note].aliases[ref.alias];
      }
      case TargetKind::Note:
        break;
    }
    return plan_.notes[target.index].name;
  }

  std::string plain_link(std::size_t note) {
    ++stats_.links;
    return "[[" + plan_.notes[note].name + "]]";
  }

  std::string plain_link(const Target& target) {
    ++stats_.links;
    return "[[" + target_name(target) + "]]";
  }

  std::string shown_text() {
    std::string shown(rng_.pick(kFillerWords));
    const std::size_t extra = rng_.below(3);
    for (std::size_t w = 0; w < extra; ++w) shown += ' ' + std::string(rng_.pick(kFillerWords));
    return shown;
  }

  std::string body_link() {
    if (rng_.chance(50)) {
      ++stats_.links;
      ++stats_.embeds;
      return "![[image-" + std::to_string(rng_.below(plan_.attachments) + 1) + ".png]]";
    }
    const Target target = pick_target();
    if (target.kind != TargetKind::Note) {
      ++stats_.links;
      const std::string& name = target_name(target);
      return rng_.chance(200) ? "[[" + name + '|' + shown_text() + "]]" : "[[" + name + "]]";
    }
    ++stats_.links;
    const NotePlan& note = plan_.notes[target.index];
    const std::string folder = folder_of(plan_, note);
    const std::string heading(kHeadings[note.headings[rng_.below(note.headings.size())]]);
    const std::uint64_t form = rng_.below(100);
    if (form < 55) return "[[" + note.name + "]]";
    if (form < 70) return "[[" + note.name + '|' + shown_text() + "]]";
    if (form < 82) return "[[" + note.name + '#' + heading + "]]";
    if (form < 92 && !folder.empty()) return "[[" + folder + '/' + note.name + "]]";
    if (form < 96 && !folder.empty()) {
      return "[[" + folder + '/' + note.name + '|' + shown_text() + "]]";
    }
    return "[[" + note.name + '#' + heading + '|' + shown_text() + "]]";
  }

  void scatter(std::vector<std::vector<std::string>>& paragraphs, std::string token) {
    auto& words = paragraphs[rng_.below(paragraphs.size())];
    words.insert(words.begin() + static_cast<std::ptrdiff_t>(rng_.below(words.size() + 1)),
                 std::move(token));
  }

  void write_paragraph(std::string& text, const std::vector<std::string>& words) {
    std::size_t sentence_left = 0;
    for (std::size_t w = 0; w < words.size(); ++w) {
      std::string word = words[w];
      if (sentence_left == 0) {
        sentence_left = rng_.between(6, 14);
        if (word[0] >= 'a' && word[0] <= 'z') word[0] = static_cast<char>(word[0] - 'a' + 'A');
      }
      text += word;
      --sentence_left;
      if (w + 1 == words.size()) {
        text += ".\n\n";
      } else {
        text += sentence_left == 0 ? ". " : " ";
      }
    }
  }

  void write_table(std::string& text, std::size_t links) {
    text += "| Attribute | Value |\n| --- | --- |\n";
    text += "| Score | " + std::to_string(rng_.below(101)) + " |\n";
    text += "| Reviewed | " + date() + " |\n";
    for (std::size_t l = 0; l < links; ++l) {
      const std::string_view phrase = rng_.pick(kRelationPhrases);  // one draw per statement
      const std::string link = plain_link(pick_target());
      text += "| " + std::string(phrase) + " | " + link + " |\n";
    }
    text += '\n';
  }

  void write_code_block(std::string& text) {
    switch (rng_.below(3)) {
      case 0:
        text += "```markdown\nSee [[not a link]] for the syntax.\n```\n\n";
        break;
      case 1:
        text += "```python\nlink = \"[[not a link]]\"  # a string, not a wikilink\n```\n\n";
        break;
      default:
        text += "```\n[[not a link]]\n```\n\n";
        break;
    }
  }

  const VaultPlan& plan_;
  const Options& options_;
  std::size_t index_;
  const NotePlan& note_;
  Stats& stats_;
  Random rng_;
};

void write_file(const fs::path& path, std::string_view bytes, Stats& stats) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
  stats.bytes += bytes.size();
}

void prepare_output(const fs::path& out) {
  std::error_code ec;
  const fs::file_status status = fs::status(out, ec);
  if (fs::exists(status)) {
    if (!fs::is_directory(status)) fail(out.string() + " exists and is not a directory");
    if (!fs::is_empty(out, ec) || ec) {
      fail("refusing to write into non-empty directory " + out.string());
    }
    return;
  }
  fs::create_directories(out, ec);
  if (ec) fail("cannot create " + out.string() + ": " + ec.message());
}

Stats generate(const Options& options) {
  const VaultPlan plan = plan_vault(options);
  Stats stats;
  for (const std::string& folder : plan.folders) fs::create_directories(options.out / folder);
  const fs::path attachments = options.out / "attachments";
  fs::create_directories(attachments);
  const std::string_view png(reinterpret_cast<const char*>(kTinyPng.data()), kTinyPng.size());
  for (std::size_t a = 1; a <= plan.attachments; ++a) {
    write_file(attachments / ("image-" + std::to_string(a) + ".png"), png, stats);
    ++stats.attachments;
  }
  for (std::size_t i = 0; i < plan.notes.size(); ++i) {
    const NotePlan& note = plan.notes[i];
    const std::string text = NoteWriter(plan, options, i, stats).write();
    write_file(options.out / folder_of(plan, note) / (note.name + ".md"), text, stats);
  }
  std::cout << "notes=" << stats.notes << " folders=" << plan.folders.size()
            << " attachments=" << stats.attachments << " links=" << stats.links
            << " embeds=" << stats.embeds << " unresolved=" << stats.unresolved
            << " ambiguous_notes=" << plan.ambiguous_notes << " bytes=" << stats.bytes << '\n';
  return stats;
}

// --- the typed graph ---------------------------------------------------------------------

struct TypedRelation {
  const char* name;
  std::size_t from;  // type index
  std::size_t to;
  double per_note;
};

constexpr std::array<std::pair<const char*, double>, 5> kTypedShare = {
    {{"company", 0.25}, {"model", 0.30}, {"chip", 0.20}, {"export_control", 0.05}, {"place", 0.20}}};
constexpr std::array<TypedRelation, 5> kTypedRelations = {{{"develops", 0, 1, 1.3},
                                                            {"supplier", 0, 0, 1.25},
                                                            {"uses", 1, 2, 1.6},
                                                            {"subject_to", 2, 3, 0.6},
                                                            {"headquartered_in", 0, 4, 0.25}}};

std::string typed_title(std::size_t type, std::size_t i, std::size_t pad) {
  std::string name = kTypedShare[type].first;
  std::string title;
  bool upper = true;
  for (const char c : name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    title += upper ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  std::string digits = std::to_string(i);
  title += ' ';
  title.append(pad > digits.size() ? pad - digits.size() : 0, '0');
  return title + digits;
}

Stats generate_typed(const Options& options) {
  Random rng(options.seed);
  const std::size_t n = options.notes;
  const std::size_t pad = std::to_string(n).size();
  std::array<std::size_t, kTypedShare.size()> counts{};
  for (std::size_t t = 0; t < counts.size(); ++t) {
    counts[t] = std::max<std::size_t>(2, static_cast<std::size_t>(std::llround(static_cast<double>(n) * kTypedShare[t].second)));
  }
  // Per note: its relationships, as (relation, target index, since or 0).
  struct Link {
    std::size_t relation;
    std::size_t target;
    std::uint64_t since;
  };
  std::array<std::vector<std::vector<Link>>, kTypedShare.size()> links;
  for (std::size_t t = 0; t < counts.size(); ++t) links[t].resize(counts[t]);
  std::unordered_set<std::string> stated;
  for (std::size_t r = 0; r < kTypedRelations.size(); ++r) {
    const TypedRelation& rel = kTypedRelations[r];
    const auto m = static_cast<std::size_t>(std::llround(static_cast<double>(n) * rel.per_note));
    const std::size_t sources = counts[rel.from];
    const std::size_t targets = counts[rel.to];
    for (std::size_t k = 0; k < m; ++k) {
      for (int attempt = 0; attempt < 16; ++attempt) {
        const std::size_t s = rng.below(sources);
        // Suppliers are skewed towards the first companies, so in-degrees differ.
        std::size_t t = r == 1 ? static_cast<std::size_t>(static_cast<double>(targets) *
                                                          (static_cast<double>(rng.below(1u << 20)) / (1u << 20)) *
                                                          (static_cast<double>(rng.below(1u << 20)) / (1u << 20)))
                               : rng.below(targets);
        if (rel.from == rel.to && s == t) t = (t + 1) % targets;
        std::string key = std::to_string(r) + ':' + std::to_string(s) + ':' + std::to_string(t);
        if (!stated.insert(std::move(key)).second) continue;  // each fact once
        links[rel.from][s].push_back({r, t, r == 1 ? 1990 + rng.below(35) : 0});
        break;
      }
    }
  }
  Stats stats;
  std::string yaml = "# The typed benchmark graph (kg-genvault --typed).\ntypes:\n";
  for (const auto& [type, share] : kTypedShare) yaml += std::string("  ") + type + ": {}\n";
  yaml += "relations:\n";
  for (const TypedRelation& rel : kTypedRelations) yaml += std::string("  ") + rel.name + ": {}\n";
  write_file(options.out / "kg.yaml", yaml, stats);
  static constexpr std::array<const char*, 8> kCountries = {"US", "CN", "NL", "TW", "KR", "JP", "DE", "FR"};
  static constexpr std::array<std::uint64_t, 5> kNodes = {3, 5, 7, 14, 28};
  for (std::size_t t = 0; t < counts.size(); ++t) {
    const fs::path folder = options.out / kTypedShare[t].first;
    fs::create_directories(folder);
    for (std::size_t i = 0; i < counts[t]; ++i) {
      std::string text = "---\ntype: ";
      text += kTypedShare[t].first;
      text += '\n';
      if (t == 0) {
        text += "founded: " + std::to_string(1950 + rng.below(75)) + "\n";
        text += "valuation: " + std::to_string(rng.below(100'000'000) / 100) + "." + std::to_string(rng.below(100)) + "\n";
        text += std::string("country: ") + kCountries[rng.below(kCountries.size())] + "\n";
      } else if (t == 1) {
        text += "params: " + std::to_string(rng.below(1'000'000'000'000ULL)) + "\n";
        text += std::string("open: ") + (rng.chance(300) ? "true" : "false") + "\n";
        text += "released: 20" + std::to_string(10 + rng.below(15)) + "-0" + std::to_string(1 + rng.below(9)) + "-15\n";
      } else if (t == 2) {
        text += "nm: " + std::to_string(kNodes[rng.below(kNodes.size())]) + "\n";
      }
      std::vector<Link>& out = links[t][i];
      std::stable_sort(out.begin(), out.end(), [](const Link& a, const Link& b) { return a.relation < b.relation; });
      for (std::size_t k = 0; k < out.size();) {
        const std::size_t r = out[k].relation;
        text += kTypedRelations[r].name;
        text += r == 1 ? ":\n" : ": [";
        bool first = true;
        for (; k < out.size() && out[k].relation == r; ++k) {
          const std::string target = typed_title(kTypedRelations[r].to, out[k].target, pad);
          if (r == 1) {
            text += "  \"[[" + target + "]]\": {since: " + std::to_string(out[k].since) + "}\n";
          } else {
            text += (first ? "\"[[" : ", \"[[") + target + "]]\"";
          }
          first = false;
          ++stats.links;
        }
        if (r != 1) text += "]\n";
      }
      text += "---\n# " + typed_title(t, i, pad) + "\n";
      write_file(folder / (typed_title(t, i, pad) + ".md"), text, stats);
      ++stats.notes;
    }
  }
  std::cout << "notes=" << stats.notes << " relationships=" << stats.links << " bytes=" << stats.bytes << '\n';
  return stats;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_args(argc, argv);
  prepare_output(options.out);
  try {
    if (options.typed) {
      generate_typed(options);
      return 0;
    }
    generate(options);
  } catch (const std::exception& e) {
    std::cerr << "kg-genvault: " << e.what() << '\n';
    return kExitFailure;
  }
  return 0;
}
