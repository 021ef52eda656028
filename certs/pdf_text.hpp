// UTF-8 → WinAnsi (CP1252) bytes for libharu's built-in base-14 fonts, which know no Unicode.
// Pure, any thread, never fails: Latin-1 and the CP1252 extras (Š, Œ, “ ”, –, €…) map to their
// byte; other Latin letters with diacritics (ā, ł, ő, ş…) lose the diacritic; combining marks
// are dropped; control characters become spaces; anything else (and invalid UTF-8) becomes '?'.
// Output never contains a NUL byte, so it is safe as a C string for libharu.
#pragma once
#include <string>
#include <string_view>

namespace aduan::certs {

std::string to_winansi(std::string_view utf8);

}  // namespace aduan::certs
