// Asynchronous reading of a child's output pipe.

#include "launcher/pipe_reader.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/connect_pipe.hpp>

namespace awsdns::launcher {

PipeReader::PipeReader(boost::asio::io_context& context, OutputStream sink)
    : pipe_(context), sink_(std::move(sink)) {}

std::error_code PipeReader::connect(boost::asio::writable_pipe& child_end) {
  boost::system::error_code error;
  boost::asio::connect_pipe(pipe_, child_end, error);
  return error;
}

void PipeReader::start() {
  open_ = pipe_.is_open();
  if (open_) read_more();
}

void PipeReader::close() {
  if (!open_) return;
  open_ = false;
  boost::system::error_code ignored;
  pipe_.close(ignored);
  sink_.finish();
}

void PipeReader::read_more() {
  pipe_.async_read_some(boost::asio::buffer(buffer_),
                        [this](boost::system::error_code error, std::size_t count) {
                          if (!open_) return;  // closed by the supervisor meanwhile
                          if (count > 0) sink_.append(std::string_view(buffer_.data(), count));
                          if (error) return close();  // end of file (or a read error)
                          read_more();
                        });
}

}  // namespace awsdns::launcher
