// The Windows build's Boost.JSON: header-only, its implementation compiled in this one file
// (the Linux build links Debian's libboost_json).
#include <boost/json/src.hpp>
