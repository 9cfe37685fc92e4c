#include "support/random_vault.hpp"

namespace kg::test {

std::string num(const char* prefix, long long n) {
  std::string s(prefix);
  s += std::to_string(n);
  return s;
}

void write_random_vault(TempVault& v, std::mt19937& rng, int n) {
  v.write("kg.yaml", "relations:\n  supplier: {inverse: customer}\n  partner: {}\n");
  const char* years[] = {"2019", "2020", "2021-06", "2022", "2023-01-15"};
  for (int i = 0; i < n; ++i) {
    std::string fm = "---\ntype: " + std::string(rng() % 2 ? "company" : "person") + "\n";
    std::string body;
    const int links = static_cast<int>(rng() % 5);
    std::string suppliers;
    for (int k = 0; k < links; ++k) {
      const int t = static_cast<int>(rng() % (n + 2));  // n, n+1: ghosts
      const std::string target = num("n", t);
      switch (rng() % 4) {
        case 0: body += "[[" + target + "]] "; break;
        case 1: body += "partner:: [[" + target + "]]\n"; break;
        case 2: {
          std::string props;
          if (rng() % 2) props += std::string("since: ") + years[rng() % 5];
          if (rng() % 3 == 0) props += std::string(props.empty() ? "" : ", ") + "until: " + years[rng() % 5];
          suppliers += "  \"[[" + target + "]]\": {" + props + "}\n";
          break;
        }
        default: body += "[[" + target + "]] [[" + target + "]] "; break;  // repeated
      }
    }
    if (!suppliers.empty()) fm += "supplier:\n" + suppliers;
    v.write(num("n", i) + ".md", fm + "---\n" + body + "\n");
  }
}

}  // namespace kg::test
