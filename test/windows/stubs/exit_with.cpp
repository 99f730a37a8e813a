// Test stub: exits with the code given as its first argument (0 without one).

#include <cwchar>

int wmain(int argc, wchar_t** argv) {
  return argc > 1 ? static_cast<int>(std::wcstoul(argv[1], nullptr, 10)) : 0;
}
