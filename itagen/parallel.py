"""Work split between forked processes, for the stages that cost per file or page.

Forked workers inherit the loaded project for free; only their results travel back (pickled).
Every stage uses the same rules: fork only on POSIX, from the main thread (in `serve` other
threads may hold locks that a fork would copy locked), and only when there is enough work.
"""
from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import struct
import threading
from functools import partial
from typing import Callable, Sequence, TypeVar

R = TypeVar("R")
S = TypeVar("S")


def worker_count(items: int, per_worker: int) -> int:
    """Workers for `items` units of work, each worker worth starting at `per_worker` units."""
    if not _may_fork():
        return 1
    return max(1, min(core_count(), items // per_worker))


def _may_fork() -> bool:
    return threading.current_thread() is threading.main_thread() and os.name == "posix"


def core_count() -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return cores or 1


class ForkedJob:
    """`func()` computed in a forked process, its result sent back pickled.

    By default at the lowest CPU priority (`nice` 19, an idle job) it takes the time the build
    leaves a core idle and barely any while workers keep both cores busy; a job whose result the
    build soon waits for asks for more (build.TEMPLATES_NICE, or 0). Its result is None when it
    failed, was cancelled, or could not run: the caller then does the work itself.
    """

    def __init__(self, func: Callable[[], object], nice: int):
        parent = os.getpid()
        self._receiver, sender = _pipe()
        self.pid: int | None = _fork(lambda: _run_job(func, sender, parent, nice), sender)

    @classmethod
    def start(cls, func: Callable[[], object], nice: int = 19) -> ForkedJob | None:
        """The job, running; None where forking is not allowed or there is one core only."""
        return cls(func, nice) if cls.possible() else None

    @staticmethod
    def possible() -> bool:
        """Whether `start` starts a job here."""
        return _may_fork() and core_count() > 1

    def result(self) -> object | None:
        """Wait for the job; its result, or None."""
        try:
            return _gather([self._receiver]).get(0)  # nothing sent: it failed or died first
        except Exception:  # a result that does not read back
            return None
        finally:
            self._reap()

    def cancel(self) -> None:
        """Stop the job if it still runs (a build that failed before needing it)."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        self._reap()

    def _reap(self) -> None:
        if self.pid is not None:
            os.waitpid(self.pid, 0)
            self.pid = None
            os.close(self._receiver)


def _run_job(func: Callable[[], object], sender: int, parent: int, nice: int) -> None:
    _die_with_parent(parent)
    if nice:
        os.nice(nice)
    try:
        result = func()
    except BaseException:  # the caller does the work itself, and reports what goes wrong
        return
    _send_frame(sender, 0, result)


# Processes are forked here, not through multiprocessing: importing it cost a warm build 9 ms,
# and its pool a thread that unpickled results beside the build's own work.

def _pipe() -> tuple[int, int]:
    """A pipe (read end, write end), as big as the system allows an unprivileged process: a
    first build's parsed content (20 MB) then crosses it in 1 MB pieces, not 64 KB ones."""
    receiver, sender = os.pipe()
    with contextlib.suppress(OSError, AttributeError, ImportError):  # not Linux, or a lower limit
        import fcntl

        fcntl.fcntl(sender, fcntl.F_SETPIPE_SZ, 1 << 20)
    return receiver, sender


def _fork(child: Callable[[], None], sender: int) -> int:
    """Run `child()` in a forked process that then ends at once (no exit handlers, no flush of
    what this process buffered); its pid. The parent's copy of `sender` is closed, so the child
    holds the only one, and the reader sees the end of it when the child ends."""
    pid = os.fork()
    if pid == 0:
        try:
            child()
        finally:
            os._exit(0)
    os.close(sender)
    return pid


_FRAME = struct.Struct("<iQ")  # task number (-1 the side job, -2 an error), length of the pickle


def _send_frame(sender: int, task: int, value) -> None:
    data = pickle.dumps(value, protocol=5)
    view = memoryview(_FRAME.pack(task, len(data)) + data)
    while view:
        view = view[os.write(sender, view):]


def _frames(data: memoryview) -> list[tuple[int, memoryview]]:
    frames, at = [], 0
    while at + _FRAME.size <= len(data):
        task, size = _FRAME.unpack_from(data, at)
        at += _FRAME.size
        if at + size > len(data):
            break  # cut short: the writer died while sending it
        frames.append((task, data[at:at + size]))
        at += size
    return frames


_SIDE, _ERROR = -1, -2


def fork_map(func: Callable[..., R], args: Sequence[tuple], workers: int,
             side_job: Callable[[], S] | None = None,
             meanwhile: Callable[[], None] | None = None) -> tuple[S | None, list[R]]:
    """(side_job(), [func(*a) for a in args]) computed by `workers` forked processes.

    Tasks are handed out one at a time, in order, through a pipe each worker reads the next
    task's number from; the side job goes first, so the worker that takes it does fewer of the
    others. Each result is sent back as soon as it is made. `meanwhile` runs in this process
    while they work. An exception in a task is raised here; a task whose worker died is done
    here. gc.freeze(): the collector then never walks (and so never copies into each worker)
    the objects inherited from the parent.
    """
    tasks, queue = _pipe()
    order = ([_SIDE] if side_job else []) + list(range(len(args)))
    os.write(queue, struct.pack(f"<{len(order)}i", *order))  # written whole: a few hundred bytes
    os.close(queue)
    gc.freeze()
    parent, pids, receivers = os.getpid(), [], []
    try:
        for _ in range(workers):
            receiver, sender = _pipe()
            receivers.append(receiver)
            pids.append(_fork(partial(_work, func, args, side_job, tasks, sender, parent),
                              sender))
        os.close(tasks)
        tasks = None
        if meanwhile:
            meanwhile()
        results = _gather(receivers)
    finally:
        gc.unfreeze()
        _end(pids, receivers, tasks)
    if _ERROR in results:
        raise results[_ERROR]
    side = results.pop(_SIDE) if _SIDE in results else side_job() if side_job else None
    return side, [results[task] if task in results else func(*args[task])
                  for task in range(len(args))]


def _work(func: Callable, args: Sequence[tuple], side_job: Callable | None, tasks: int,
          sender: int, parent: int) -> None:
    """A worker: take the next task's number until there are none, and send each result."""
    _die_with_parent(parent)
    while len(number := os.read(tasks, 4)) == 4:  # 4-byte writes and reads: never split
        task = struct.unpack("<i", number)[0]
        try:
            result = side_job() if task == _SIDE else func(*args[task])
        except BaseException as exc:
            _send_frame(sender, _ERROR, _sendable(exc))
            return
        _send_frame(sender, task, result)


def _sendable(exc: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(exc, protocol=5))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _gather(receivers: list[int]) -> dict[int, object]:
    """Each task's result by its number, read from every worker's pipe as it comes."""
    received = {receiver: bytearray() for receiver in receivers}
    poller = select.poll()
    for receiver in receivers:
        poller.register(receiver, select.POLLIN)
    open_ = len(receivers)
    while open_:
        for receiver, _ in poller.poll():
            chunk = os.read(receiver, 1 << 20)
            if chunk:
                received[receiver] += chunk
            else:
                poller.unregister(receiver)
                open_ -= 1
    results: dict[int, object] = {}
    for data in received.values():
        for task, pickled in _frames(memoryview(data)):
            if task != _ERROR or _ERROR not in results:
                results[task] = pickle.loads(pickled)
    return results


def _end(pids: list[int], receivers: list[int], tasks: int | None) -> None:
    """Reap the workers, killing any still at work (the build failed or was interrupted)."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            if os.waitpid(pid, os.WNOHANG) == (0, 0):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    for fd in receivers + ([tasks] if tasks is not None else []):
        os.close(fd)


_for_exit: list | None = None  # what `leave_to_exit` keeps, once `freed_by_exit` was called


def freed_by_exit() -> None:
    """This process ends right after its command, freeing nothing one by one (cli.run's
    os._exit): from now on, what `leave_to_exit` is given is kept until then."""
    global _for_exit
    _for_exit = []


def leave_to_exit(*objects) -> None:
    """Keep `objects` for the exit to free all at once (`freed_by_exit`); elsewhere (serve,
    tests) they are freed as usual. Freed one by one, a first build's content cache (4,500
    pickles, 20 MB) cost 13 ms before the exit: the workers' fork had write-protected every page
    of it, and freeing wrote to each."""
    if _for_exit is not None:
        _for_exit.append(objects)


@contextlib.contextmanager
def collector_paused():
    """Pause the cyclic garbage collector in this process for a build or check (as a decorator
    too); forked workers collect as usual.

    Loading makes hundreds of thousands of objects that live as long as the build, and each full
    collection walks them all: a warm build of 5,000 pages ran two, for nothing (6 % of its
    time). What a build throws away is freed by reference counting; what is left in cycles (about
    65,000 objects after a cold build of that project, a few MB) is collected after it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def dying_with_this_process() -> Callable[[], None] | None:
    """A `preexec_fn` for subprocess: the program started (Pagefind) is killed when this
    process dies, as a forked worker is (`_die_with_parent`): left running by a killed build,
    it went on writing into the folder the next build was cleaning. It costs a fork instead of
    a vfork (20 ms from a build of 5,000 pages). None where it cannot be arranged safely
    (another thread could hold a lock the fork copies; not Linux)."""
    if threading.active_count() > 1 or not _may_fork():
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def arm() -> None:
        prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG; kept across exec
        if os.getppid() != parent:  # this process died before the line above took effect
            os._exit(1)
    return arm


def _die_with_parent(parent: int) -> None:
    """A worker must not outlive a killed build: it would write into the next build's folder.

    It keeps its parent's collector as it was: a build's workers, forked while the build has it
    paused (`collector_paused`), never collect. Rendering leaves little in cycles (a whole build
    in one process, paused throughout, peaked 13 MB above what it loaded), and collecting as
    usual cost a first build's workers 50 ms of CPU, 2.4 % of its time. Where the parent does
    collect, the worker never walks what it inherited: a collection of every object a build
    held copied each page of memory it touched."""
    gc.freeze()
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass  # not Linux: a killed build may leave a worker finishing its share
    if os.getppid() != parent:  # the build died before the line above took effect
        os._exit(1)
