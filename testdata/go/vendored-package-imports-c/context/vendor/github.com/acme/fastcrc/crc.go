// Package fastcrc computes CRCs in C.
package fastcrc

// static unsigned crc(const unsigned char *p, int n) {
//   unsigned c = 0;
//   while (n--) c = (c << 1) ^ *p++;
//   return c;
// }
import "C"

import "unsafe"

// Sum is the CRC of data.
func Sum(data []byte) uint32 {
	if len(data) == 0 {
		return 0
	}
	return uint32(C.crc((*C.uchar)(unsafe.Pointer(&data[0])), C.int(len(data))))
}
