"""Work split between forked processes, for the stages that cost per file or page.

Forked workers inherit the loaded project for free; only their results travel back (pickled).
Every stage uses the same rules: fork only on POSIX, from the main thread (in `serve` other
threads may hold locks that a fork would copy locked), and only when there is enough work.
"""
from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import threading
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

    At the lowest CPU priority (`nice` 19, an idle job) it takes the time the build leaves a core
    idle (start-up, the planning after loading, which runs on one core) and barely any while
    workers keep both cores busy. Its result is None when it failed, was cancelled, or could not
    run: the caller then does the work itself.
    """

    def __init__(self, func: Callable[[], object], nice: int):
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_run_job, args=(func, sender, os.getpid(), nice))
        self._process.start()
        sender.close()

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
            return self._receiver.recv()
        except (EOFError, OSError):  # it died before sending
            return None
        finally:
            self._process.join()
            self._receiver.close()

    def cancel(self) -> None:
        """Stop the job if it still runs (a build that failed before needing it)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join()
        self._receiver.close()


def _run_job(func: Callable[[], object], sender, parent: int, nice: int) -> None:
    _die_with_parent(parent)
    if nice:
        os.nice(nice)
    try:
        result = func()
    except BaseException:  # the caller does the work itself, and reports what goes wrong
        result = None
    sender.send(result)


_side: list[Callable] = []  # the side job, reached by the fork: a lambda cannot be pickled


def fork_map(func: Callable[..., R], args: Sequence[tuple], workers: int,
             side_job: Callable[[], S] | None = None,
             meanwhile: Callable[[], None] | None = None) -> tuple[S | None, list[R]]:
    """(side_job(), [func(*a) for a in args]) computed by `workers` forked processes.

    Tasks are handed out one at a time, in order; the side job goes first, so the worker that
    takes it does fewer of the others. `meanwhile` runs in this process while they work.
    gc.freeze(): the collector then never walks (and so never copies into each worker) the
    objects inherited from the parent.
    """
    context = multiprocessing.get_context("fork")
    _side[:] = [side_job] if side_job else []
    gc.freeze()
    try:
        with context.Pool(workers, initializer=_die_with_parent, initargs=(os.getpid(),)) as pool:
            side = pool.apply_async(_run_side_job) if side_job else None
            pending = pool.starmap_async(func, args, chunksize=1)
            if meanwhile:
                meanwhile()
            return (side.get() if side else None), pending.get()
    finally:
        gc.unfreeze()
        _side.clear()


def _run_side_job():
    return _side[0]()


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
