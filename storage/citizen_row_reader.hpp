// A fast reader for citizen rows in exactly the shape encode_citizen() writes (core/model.cpp's
// JSON shape as MessagePack): nlohmann's SAX interface straight into a CitizenProfile, no JSON
// tree. Anything else — an unknown or repeated key, a type or shape the writer never produces,
// a row of an older codec — gives nullopt and the caller reads the row with decode_citizen(),
// so every row still reads as before. Bulk re-import reads one row per line.
// Contract: pure, any thread; never throws but std::bad_alloc.
#pragma once
#include <optional>
#include <string_view>

#include "core/model.hpp"

namespace aduan::storage {

std::optional<CitizenProfile> read_citizen_row(std::string_view bytes);

}  // namespace aduan::storage
