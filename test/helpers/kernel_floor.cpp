// kernel_floor RELEASE PROGRAM [ARGS...]: runs PROGRAM where every x86_64 system call newer than
// Linux RELEASE (3.2 or 4.18) fails with ENOSYS, as on such a kernel (seccomp filter, inherited by
// children). Models the system-call table only, not flags that newer kernels added to old calls.
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>

namespace {

// The highest x86_64 system call number of a release: 311 process_vm_writev (3.2), 334 rseq (4.18).
long last_call_of(const char* release) {
  if (std::strcmp(release, "3.2") == 0) return 311;
  if (std::strcmp(release, "4.18") == 0) return 334;
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  const long last = argc >= 3 ? last_call_of(argv[1]) : -1;
  if (last < 0) {
    std::fprintf(stderr, "usage: kernel_floor 3.2|4.18 PROGRAM [ARGS...]\n");
    return 64;
  }
  sock_filter filter[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JGT | BPF_K, static_cast<unsigned>(last), 0, 1),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
  };
  sock_fprog program{static_cast<unsigned short>(sizeof filter / sizeof filter[0]), filter};
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
      ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) != 0) {
    std::perror("kernel_floor: seccomp");
    return 125;
  }
  ::execv(argv[2], argv + 2);
  std::perror("kernel_floor: execv");
  return 127;
}
