#include "runtime/wasi/host_errno.h"

#include <cerrno>

namespace wasmrun::rt::wasi {

Errno from_host_errno(int e) {
  switch (e) {
    case 0: return err::kSuccess;
    case E2BIG: return err::k2big;
    case EACCES: return err::kAcces;
    case EAGAIN: return err::kAgain;
    case EBADF: return err::kBadf;
    case EBUSY: return err::kBusy;
    case EEXIST: return err::kExist;
    case EFAULT: return err::kFault;
    case EFBIG: return err::kFbig;
    case EINTR: return err::kIntr;
    case EINVAL: return err::kInval;
    case EIO: return err::kIo;
    case EISDIR: return err::kIsdir;
    case ELOOP: return err::kLoop;
    case EMFILE: return err::kMfile;
    case EMLINK: return err::kMlink;
    case ENAMETOOLONG: return err::kNametoolong;
    case ENFILE: return err::kNfile;
    case ENODEV: return err::kNodev;
    case ENOENT: return err::kNoent;
    case ENOMEM: return err::kNomem;
    case ENOSPC: return err::kNospc;
    case ENOSYS: return err::kNosys;
    case ENOTDIR: return err::kNotdir;
    case ENOTEMPTY: return err::kNotempty;
#if defined(EOPNOTSUPP) && EOPNOTSUPP != ENOTSUP
    case EOPNOTSUPP: return err::kNotsup;
#endif
    case ENOTSUP: return err::kNotsup;
    case ENOTTY: return err::kNotty;
    case ENXIO: return err::kNxio;
    case EOVERFLOW: return err::kOverflow;
    case EPERM: return err::kPerm;
    case EPIPE: return err::kPipe;
    case ERANGE: return err::kRange;
    case EROFS: return err::kRofs;
    case ESPIPE: return err::kSpipe;
    case ETXTBSY: return err::kTxtbsy;
    case EXDEV: return err::kXdev;
    default: return err::kIo;
  }
}

Errno last_errno() { return from_host_errno(errno); }

}  // namespace wasmrun::rt::wasi
