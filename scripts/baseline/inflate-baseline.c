/* The throughput baseline of issue 5: inflate a gzip file with zlib alone, into one reused
 * buffer, doing nothing with the bytes. Reads every member (multi-member files too).
 * Build: cc -O2 -o inflate-baseline inflate-baseline.c -lz
 * Usage: inflate-baseline FILE.gz   -> prints the inflated byte count */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: inflate-baseline FILE.gz\n"); return 2; }
    FILE *file = fopen(argv[1], "rb");
    if (!file) { perror(argv[1]); return 1; }
    static unsigned char in[1 << 18], out[1 << 22];
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (inflateInit2(&stream, 15 + 16) != Z_OK) return 1;
    unsigned long long total = 0;
    int rc = Z_OK;
    for (;;) {
        if (stream.avail_in == 0) {
            stream.avail_in = (unsigned) fread(in, 1, sizeof in, file);
            stream.next_in = in;
            if (stream.avail_in == 0) break;
        }
        stream.next_out = out;
        stream.avail_out = sizeof out;
        rc = inflate(&stream, Z_NO_FLUSH);
        total += sizeof out - stream.avail_out;
        if (rc == Z_STREAM_END) {
            if (stream.avail_in == 0) {
                stream.avail_in = (unsigned) fread(in, 1, sizeof in, file);
                stream.next_in = in;
                if (stream.avail_in == 0) break;
            }
            inflateReset(&stream);
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            fprintf(stderr, "inflate error %d\n", rc);
            return 1;
        }
    }
    printf("%llu\n", total);
    inflateEnd(&stream);
    fclose(file);
    return 0;
}
