// simple_yaml: the common shape of front matter, read without yaml-cpp. Nearly every note's
// front matter is a map of words to one-line scalars and lists of them:
//
//   type: company
//   tags: [ai, chips]
//   founded: 1999-04
//   aliases:
//     - Acme
//     - "Acme Corp"
//   supplier: "[[TSMC]]"
//
// yaml-cpp builds a node graph for that at a fifth of all the CPU an ingest takes. This
// reader accepts only a conservative subset of YAML (below) and answers with nodes that
// behave as yaml-cpp's do where the front-matter converter reads them: the same types,
// scalars, tags ("?" plain, "!" quoted) and marks (0-based line and column of the node's
// first character). Anything outside the subset, including every input yaml-cpp would
// reject, makes `read` return nullopt, and the caller hands the text to yaml-cpp.
//
// The subset: lines separated by '\n', printable ASCII or valid UTF-8 without tabs, carriage
// returns or Unicode line breaks; at the root, `key: value` or `key:` lines (keys start with a
// letter, digit or '_' and hold letters, digits, '_', '-', '.', '/' and inner spaces), blank
// lines between them; a value is a plain scalar on one line (no ": ", no " #", not ending in
// ':', not starting with an indicator), a double-quoted scalar without escapes, a single-quoted
// one without doubled quotes, or a flow list `[a, "b", c]` of those on one line; `key:` may be
// followed by a block list, one `- item` per line at one indent, each item a scalar as above;
// `key:` followed by nothing is null.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace kg::parse {

class SimpleYaml {
 public:
  struct Mark {
    int line = 0;
    int column = 0;
  };
  enum class Kind : std::uint8_t { Null, Scalar, Sequence, Map };

 private:
  struct Item {
    Kind kind = Kind::Null;
    bool quoted = false;
    std::string_view text;  // a scalar's value
    Mark mark;
    std::uint32_t first = 0;  // into children_
    std::uint32_t count = 0;  // items, or entries (two children each)
  };

 public:
  class Element;

  /// A node of the document (a handle, valid while the document lives).
  class Node {
   public:
    Node() = default;
    bool IsDefined() const { return doc_ != nullptr; }
    bool IsNull() const { return kind() == Kind::Null; }
    bool IsScalar() const { return kind() == Kind::Scalar; }
    bool IsSequence() const { return kind() == Kind::Sequence; }
    bool IsMap() const { return kind() == Kind::Map; }
    std::string_view Scalar() const { return item().text; }
    std::string_view Tag() const { return item().quoted ? "!" : "?"; }
    SimpleYaml::Mark Mark() const { return item().mark; }
    /// List items or map entries.
    std::size_t size() const { return item().count; }
    /// List item i.
    Node operator[](std::size_t i) const { return Node(doc_, doc_->children_[item().first + i]); }
    bool is(const Node& other) const { return doc_ == other.doc_ && index_ == other.index_; }
    /// A list's items, or a map's entries (`first` the key, `second` the value).
    class iterator;
    iterator begin() const;
    iterator end() const;

   private:
    friend class SimpleYaml;
    Node(const SimpleYaml* doc, std::uint32_t index) : doc_(doc), index_(index) {}
    Kind kind() const { return doc_ == nullptr ? Kind::Null : item().kind; }
    const Item& item() const { return doc_->items_[index_]; }
    const SimpleYaml* doc_ = nullptr;
    std::uint32_t index_ = 0;
  };

  /// What iterating a node yields: a list item (the element itself), or a map entry.
  class Element : public Node {
   public:
    Node first;
    Node second;

   private:
    friend class SimpleYaml;
    Element(Node self, Node key, Node value) : Node(self), first(key), second(value) {}
  };


  /// The document, or nullopt when `text` is outside the subset.
  static std::optional<SimpleYaml> read(std::string_view text);
  Node root() const { return Node(this, 0); }

  SimpleYaml(SimpleYaml&&) = default;
  SimpleYaml& operator=(SimpleYaml&&) = default;

 private:
  SimpleYaml() = default;
  std::vector<Item> items_;
  std::vector<std::uint32_t> children_;
};

// Defined outside SimpleYaml: a nested class of a nested class may not be defined with a
// qualified name inside the enclosing class (clang holds to that; GCC lets it pass).
class SimpleYaml::Node::iterator {
 public:
  Element operator*() const;
  iterator& operator++() {
    ++i_;
    return *this;
  }
  bool operator!=(const iterator& o) const { return i_ != o.i_; }

 private:
  friend class Node;
  iterator(Node node, std::size_t i) : node_(node), i_(i) {}
  Node node_;
  std::size_t i_ = 0;
};

}  // namespace kg::parse
