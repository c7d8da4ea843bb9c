// The constants of the C library around the socket calls (<stdio.h>,
// <stdlib.h>, <signal.h>), for the berkeley-sockets/libc entry point. The C
// and POSIX standards require every one of them; the Linux-only signals are
// under #ifdef (MIRROR §7).
#include <cstdint>

#include "platform.h"
#include "shim.h"

namespace bs {

void InitLibc(Napi::Env env, Napi::Object exports) {
  Napi::Object c = Napi::Object::New(env);
#define C(name) c.Set(#name, Napi::Number::New(env, static_cast<double>(name)))
  // <stdio.h>
  C(EOF);
  C(BUFSIZ);
  C(_IOFBF);
  C(_IOLBF);
  C(_IONBF);
  // <stdlib.h>
  C(EXIT_SUCCESS);
  C(EXIT_FAILURE);
  // <signal.h>: the dispositions are pointer values; these are the integers
  // glibc casts to sighandler_t.
  c.Set("SIG_DFL", Napi::Number::New(env, static_cast<double>(reinterpret_cast<intptr_t>(SIG_DFL))));
  c.Set("SIG_IGN", Napi::Number::New(env, static_cast<double>(reinterpret_cast<intptr_t>(SIG_IGN))));
  c.Set("SIG_ERR", Napi::Number::New(env, static_cast<double>(reinterpret_cast<intptr_t>(SIG_ERR))));
  C(NSIG);
  C(SIGHUP);
  C(SIGINT);
  C(SIGQUIT);
  C(SIGILL);
  C(SIGTRAP);
  C(SIGABRT);
  C(SIGBUS);
  C(SIGFPE);
  C(SIGKILL);
  C(SIGUSR1);
  C(SIGSEGV);
  C(SIGUSR2);
  C(SIGPIPE);
  C(SIGALRM);
  C(SIGTERM);
  C(SIGCHLD);
  C(SIGCONT);
  C(SIGSTOP);
  C(SIGTSTP);
  C(SIGTTIN);
  C(SIGTTOU);
  C(SIGURG);
  C(SIGXCPU);
  C(SIGXFSZ);
  C(SIGVTALRM);
  C(SIGPROF);
  C(SIGSYS);
#ifdef SIGWINCH
  C(SIGWINCH);
#endif
#ifdef SIGIO
  C(SIGIO);
#endif
#ifdef SIGPWR
  C(SIGPWR);
#endif
#undef C
  exports.Set("libc", c);
}

}  // namespace bs
