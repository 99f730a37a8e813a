#pragma once
// Internal to launcher/: reads one of a child's output pipes on an io_context and hands the bytes
// to an OutputStream, until end of file or until the supervisor closes it.

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <system_error>

#include "launcher/output_stream.hpp"

namespace awsdns::launcher {

/// The parent's end of a child's stdout or stderr pipe.
class PipeReader {
 public:
  PipeReader(boost::asio::io_context& context, OutputStream sink);
  /// Creates the pipe; `child_end` becomes its other end, for the child's stream.
  std::error_code connect(boost::asio::writable_pipe& child_end);
  /// Starts reading when the pipe was bound (is open); call after the launch.
  void start();
  /// True until end of file or close().
  bool open() const { return open_; }
  /// Stops reading (a grandchild may hold the other end forever) and flushes the sink.
  void close();

 private:
  void read_more();

  boost::asio::readable_pipe pipe_;
  OutputStream sink_;
  std::array<char, 8192> buffer_{};
  bool open_ = false;
};

}  // namespace awsdns::launcher
