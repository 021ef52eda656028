#include "storage/codec.hpp"

#include "storage/lmdb_env.hpp"

namespace aduan::storage {

std::string encode(const nlohmann::json& value) {
  std::string out(1, static_cast<char>(kCodecVersion));
  nlohmann::json::to_msgpack(value, nlohmann::detail::output_adapter<char>(out));
  return out;
}

nlohmann::json decode(std::string_view bytes) {
  if (bytes.empty() || static_cast<unsigned char>(bytes[0]) != kCodecVersion)
    throw StorageError(kCorrupt, "stored value has an unknown codec version");
  auto j = nlohmann::json::from_msgpack(bytes.begin() + 1, bytes.end(), true, false);
  if (j.is_discarded()) throw StorageError(kCorrupt, "stored value is not readable");
  return j;
}

}  // namespace aduan::storage
