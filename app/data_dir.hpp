// Files the server keeps beside LMDB in the data dir, all created 0600 on first start:
// admin.token (sandbox ops token when ADUAN_ADMIN_TOKEN is unset), otp.key (OTP hash key),
// id.salt (keys opaque actor ids), certificate.key / certificate.pub (Ed25519).
// Errors: functions return false / nullopt with a message naming the file.
#pragma once
#include <optional>
#include <string>

namespace aduan::app {

// Reads DIR/NAME, or creates it with `fresh` content (mode 0600) when missing.
std::optional<std::string> read_or_create_secret(const std::string& dir, const std::string& name,
                                                 const std::string& fresh, std::string* error);
bool write_file_0600(const std::string& path, const std::string& content, std::string* error);
std::optional<std::string> read_file(const std::string& path);
bool data_dir_is_new(const std::string& dir);  // no LMDB environment there yet

// Holds DIR/serve.lock (flock) for the life of the process: a second `aduan serve` on the
// same data dir would run every conversation and send every reply twice. False with a
// message when another process holds it. Imports, backups and exports take no lock.
bool lock_data_dir_for_serve(const std::string& dir, std::string* error);

}  // namespace aduan::app
