#include <kg/error.hpp>
#include <kg/io/render.hpp>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <memory>
#include <mutex>

namespace kg::io {

namespace {

std::mutex graphviz_mutex;  // libgvc and libcgraph keep global state
std::string* graphviz_messages = nullptr;

int collect(char* message) {
  if (graphviz_messages != nullptr && message != nullptr) *graphviz_messages += message;
  return 0;
}

// Graphviz's message without its trailing line break.
std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

std::string render(std::string_view dot, ImageFormat format) {
  const std::lock_guard lock(graphviz_mutex);
  std::string messages;
  graphviz_messages = &messages;
  const agusererrf previous = agseterrf(collect);
  struct Restore {
    agusererrf previous;
    ~Restore() {
      agseterrf(previous);
      graphviz_messages = nullptr;
    }
  } restore{previous};

  // One context for the life of the process: Graphviz 2.43's text measuring caches a font
  // name that belongs to its context, so a second context reads freed memory (AddressSanitizer
  // showed it on the second drawing in one process). Kept, the cache stays valid.
  static GVC_t* const gvc = gvContext();
  if (gvc == nullptr) throw Error(ErrorCode::RendererMissing, "Graphviz could not start");
  const std::string text(dot);  // agmemread reads a NUL-terminated string
  const std::unique_ptr<Agraph_t, int (*)(Agraph_t*)> graph(agmemread(text.c_str()), agclose);
  if (!graph) throw Error(ErrorCode::InvalidArgument, "Graphviz cannot read the diagram: " + trimmed(messages));
  const char* named = agget(graph.get(), const_cast<char*>("layout"));
  const std::string engine = named != nullptr && *named != '\0' ? named : "dot";
  if (gvLayout(gvc, graph.get(), engine.c_str()) != 0) {
    if (messages.find("not recognized") != std::string::npos) {
      throw Error(ErrorCode::RendererMissing,
                  "Graphviz has no '" + engine + "' layout: its plugins are missing (install the graphviz "
                  "package: apt install graphviz)");
    }
    throw Error(ErrorCode::InvalidArgument, "Graphviz cannot lay out the diagram: " + trimmed(messages));
  }
  char* data = nullptr;
  unsigned int length = 0;
  const char* name = format == ImageFormat::Png ? "png" : "svg";
  const int rendered = gvRenderData(gvc, graph.get(), name, &data, &length);
  std::string out;
  if (rendered == 0 && data != nullptr) out.assign(data, length);
  if (data != nullptr) gvFreeRenderData(data);
  gvFreeLayout(gvc, graph.get());
  if (rendered != 0) {
    throw Error(ErrorCode::RendererMissing,
                std::string("Graphviz cannot write ") + name + ": its render plugins are missing (install the "
                "graphviz package: apt install graphviz)" + (messages.empty() ? "" : "; " + trimmed(messages)));
  }
  return out;
}

}  // namespace kg::io
