// The `wasi_snapshot_preview1` ABI: the numbers and struct layouts the guest sees, as given by
// the preview 1 witx. Guest structs are written field by field at these offsets
// (little-endian), never by casting host structs.
#pragma once

#include <cstdint>

namespace wasmrun::rt::wasi {

using Errno = uint16_t;

namespace err {
constexpr Errno kSuccess = 0;
constexpr Errno k2big = 1;
constexpr Errno kAcces = 2;
constexpr Errno kAgain = 6;
constexpr Errno kBadf = 8;
constexpr Errno kBusy = 10;
constexpr Errno kExist = 20;
constexpr Errno kFault = 21;
constexpr Errno kFbig = 22;
constexpr Errno kIntr = 27;
constexpr Errno kInval = 28;
constexpr Errno kIo = 29;
constexpr Errno kIsdir = 31;
constexpr Errno kLoop = 32;
constexpr Errno kMfile = 33;
constexpr Errno kMlink = 34;
constexpr Errno kNametoolong = 37;
constexpr Errno kNfile = 41;
constexpr Errno kNodev = 43;
constexpr Errno kNoent = 44;
constexpr Errno kNomem = 48;
constexpr Errno kNospc = 51;
constexpr Errno kNosys = 52;
constexpr Errno kNotdir = 54;
constexpr Errno kNotempty = 55;
constexpr Errno kNotsup = 58;
constexpr Errno kNotty = 59;
constexpr Errno kNxio = 60;
constexpr Errno kOverflow = 61;
constexpr Errno kPerm = 63;
constexpr Errno kPipe = 64;
constexpr Errno kRange = 68;
constexpr Errno kRofs = 69;
constexpr Errno kSpipe = 70;
constexpr Errno kTxtbsy = 74;
constexpr Errno kXdev = 75;
constexpr Errno kNotcapable = 76;
}  // namespace err

namespace clock {
constexpr uint32_t kRealtime = 0;
constexpr uint32_t kMonotonic = 1;
constexpr uint32_t kProcessCputime = 2;
constexpr uint32_t kThreadCputime = 3;
}  // namespace clock

namespace filetype {
constexpr uint8_t kUnknown = 0;
constexpr uint8_t kBlockDevice = 1;
constexpr uint8_t kCharacterDevice = 2;
constexpr uint8_t kDirectory = 3;
constexpr uint8_t kRegularFile = 4;
constexpr uint8_t kSocketDgram = 5;
constexpr uint8_t kSocketStream = 6;
constexpr uint8_t kSymbolicLink = 7;
}  // namespace filetype

namespace whence {
constexpr uint8_t kSet = 0;
constexpr uint8_t kCur = 1;
constexpr uint8_t kEnd = 2;
}  // namespace whence

namespace fdflags {
constexpr uint16_t kAppend = 1 << 0;
constexpr uint16_t kDsync = 1 << 1;
constexpr uint16_t kNonblock = 1 << 2;
constexpr uint16_t kRsync = 1 << 3;
constexpr uint16_t kSync = 1 << 4;
}  // namespace fdflags

namespace oflags {
constexpr uint16_t kCreat = 1 << 0;
constexpr uint16_t kDirectory = 1 << 1;
constexpr uint16_t kExcl = 1 << 2;
constexpr uint16_t kTrunc = 1 << 3;
}  // namespace oflags

namespace fstflags {
constexpr uint16_t kAtim = 1 << 0;
constexpr uint16_t kAtimNow = 1 << 1;
constexpr uint16_t kMtim = 1 << 2;
constexpr uint16_t kMtimNow = 1 << 3;
}  // namespace fstflags

constexpr uint32_t kLookupSymlinkFollow = 1;

namespace rights {
constexpr uint64_t kFdDatasync = 1ull << 0;
constexpr uint64_t kFdRead = 1ull << 1;
constexpr uint64_t kFdSeek = 1ull << 2;
constexpr uint64_t kFdFdstatSetFlags = 1ull << 3;
constexpr uint64_t kFdSync = 1ull << 4;
constexpr uint64_t kFdTell = 1ull << 5;
constexpr uint64_t kFdWrite = 1ull << 6;
constexpr uint64_t kFdAdvise = 1ull << 7;
constexpr uint64_t kFdAllocate = 1ull << 8;
constexpr uint64_t kPathCreateDirectory = 1ull << 9;
constexpr uint64_t kPathCreateFile = 1ull << 10;
constexpr uint64_t kPathLinkSource = 1ull << 11;
constexpr uint64_t kPathLinkTarget = 1ull << 12;
constexpr uint64_t kPathOpen = 1ull << 13;
constexpr uint64_t kFdReaddir = 1ull << 14;
constexpr uint64_t kPathReadlink = 1ull << 15;
constexpr uint64_t kPathRenameSource = 1ull << 16;
constexpr uint64_t kPathRenameTarget = 1ull << 17;
constexpr uint64_t kPathFilestatGet = 1ull << 18;
constexpr uint64_t kPathFilestatSetSize = 1ull << 19;
constexpr uint64_t kPathFilestatSetTimes = 1ull << 20;
constexpr uint64_t kFdFilestatGet = 1ull << 21;
constexpr uint64_t kFdFilestatSetSize = 1ull << 22;
constexpr uint64_t kFdFilestatSetTimes = 1ull << 23;
constexpr uint64_t kPathSymlink = 1ull << 24;
constexpr uint64_t kPathRemoveDirectory = 1ull << 25;
constexpr uint64_t kPathUnlinkFile = 1ull << 26;
constexpr uint64_t kPollFdReadwrite = 1ull << 27;
constexpr uint64_t kSockShutdown = 1ull << 28;
constexpr uint64_t kSockAccept = 1ull << 29;
constexpr uint64_t kAll = (1ull << 30) - 1;

// What a regular file or a directory can do at most; an fd never holds more than its kind allows.
constexpr uint64_t kFile = kFdDatasync | kFdRead | kFdSeek | kFdFdstatSetFlags | kFdSync | kFdTell |
                           kFdWrite | kFdAdvise | kFdAllocate | kFdFilestatGet |
                           kFdFilestatSetSize | kFdFilestatSetTimes | kPollFdReadwrite;
constexpr uint64_t kDirectory =
    kFdFdstatSetFlags | kFdSync | kPathCreateDirectory | kPathCreateFile | kPathLinkSource |
    kPathLinkTarget | kPathOpen | kFdReaddir | kPathReadlink | kPathRenameSource |
    kPathRenameTarget | kPathFilestatGet | kPathFilestatSetSize | kPathFilestatSetTimes |
    kFdFilestatGet | kFdFilestatSetTimes | kPathSymlink | kPathRemoveDirectory | kPathUnlinkFile;
// A terminal or pipe: no seek/tell, which is how wasi-libc's isatty() tells a tty.
constexpr uint64_t kStream = kFdRead | kFdWrite | kFdFdstatSetFlags | kFdFilestatGet |
                             kPollFdReadwrite | kFdSync | kFdDatasync;
}  // namespace rights

namespace layout {
constexpr uint32_t kIovec = 8;      // buf u32, len u32
constexpr uint32_t kFdstat = 24;    // filetype u8 @0, flags u16 @2, base u64 @8, inh u64 @16
constexpr uint32_t kFilestat = 64;  // dev, ino, filetype @16, nlink @24, size, atim, mtim, ctim
constexpr uint32_t kPrestat = 8;    // tag u8 @0, name_len u32 @4
constexpr uint32_t kDirent = 24;    // next u64, ino u64, namlen u32 @16, type u8 @20
constexpr uint32_t kSubscription = 48;
constexpr uint32_t kEvent = 32;
}  // namespace layout

namespace eventtype {
constexpr uint8_t kClock = 0;
constexpr uint8_t kFdRead = 1;
constexpr uint8_t kFdWrite = 2;
}  // namespace eventtype

constexpr uint16_t kSubclockAbstime = 1;

}  // namespace wasmrun::rt::wasi
