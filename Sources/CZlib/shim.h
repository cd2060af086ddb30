#ifndef MICROPANEL_CZLIB_SHIM_H
#define MICROPANEL_CZLIB_SHIM_H

#include <zlib.h>

/// `inflateInit2` is a C macro Swift cannot import; this wraps it.
static inline int micropanel_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

/// `deflateInit2` is a C macro Swift cannot import; this wraps it.
static inline int micropanel_deflateInit2(z_streamp stream, int level, int windowBits, int memLevel) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, memLevel, Z_DEFAULT_STRATEGY);
}

#endif
