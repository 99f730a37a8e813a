// The Catch2 main, alone in its translation unit (it dominates build time).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
