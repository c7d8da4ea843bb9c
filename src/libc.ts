/**
 * The C library around the socket calls, with C's names, parameters and
 * results: printf and the stdio streams as glibc buffers them, the string and
 * memory functions on NUL-terminated byte views, malloc, strtol, exit, sleep
 * and signal. A C string is a Uint8Array (a Buffer) with its NUL; where C takes
 * const char *, a JavaScript string works too. A missing NUL or a copy that
 * does not fit is a RangeError, never a read or write past the buffer.
 * Every function and deviation: docs/libc.md.
 *
 * @packageDocumentation
 */

// berkeley-sockets/libc: the C library around the socket calls, with C's
// names, parameters and results (MIRROR §9). One file per family in libc/:
// stdio (stdio.ts, on the printf engine in format.ts), strings and memory
// (string.ts, heap.ts), numbers (numbers.ts), the process (process.ts).
// errno, perror, strerror, memset and memcpy are the main entry point's own,
// exported here too because C declares them in these headers.
export { errno, perror, set_errno, strerror } from "./errno.js";
export { memcpy, memset } from "./struct.js";
export {
  BUFSIZ, clearerr, dprintf, EOF, feof, ferror, fflush, fgetc, fgets, type FILE, fileno, fprintf, fputc, fputs, getc, getchar, _IOFBF, _IOLBF,
  _IONBF, printf, putc, putchar, puts, setbuf, setvbuf, snprintf, sprintf, stderr, stdin, stdout,
} from "./libc/stdio.js";
export {
  cstr_to_string, memchr, memcmp, memmove, strcat, strchr, strcmp, strcpy, strdup, strlen, strncat, strncmp, strncpy, strrchr, strstr,
} from "./libc/string.js";
export { calloc, free, malloc, realloc } from "./libc/heap.js";
export { atoi, atol, type EndPtr, strtol, strtoul } from "./libc/numbers.js";
export {
  abort, exit, EXIT_FAILURE, EXIT_SUCCESS, getpid, nanosleep, SIG_DFL, SIG_ERR, SIG_IGN, SIGABRT, SIGALRM, SIGBUS, SIGCHLD, SIGCONT, SIGFPE,
  SIGHUP, SIGILL, SIGINT, SIGIO, SIGKILL, signal, type sighandler_fn, type sighandler_t, SIGPIPE, SIGPROF, SIGPWR, SIGQUIT, SIGSEGV, SIGSTOP,
  SIGSYS, SIGTERM, SIGTRAP, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGUSR1, SIGUSR2, SIGVTALRM, SIGWINCH, SIGXCPU, SIGXFSZ, sleep, time, usleep,
} from "./libc/process.js";
