"""The cross-validation folds of ``training.cv``: whole threads, deterministic, disjoint."""

from __future__ import annotations

from training.cv import assign_folds


def test_folds_hold_whole_threads_are_deterministic_and_even() -> None:
    threads = [f"forum.example#{n % 23}" for n in range(100)] + ["blog.example/a"] * 9
    folds = assign_folds(threads, 5)
    assert set(folds) == set(threads)  # every thread in exactly one fold (a dict: disjoint)
    assert set(folds.values()) == set(range(5))
    assert assign_folds(list(reversed(threads)), 5) == folds  # not the rows' order
    sizes = [sum(folds[t] == f for t in threads) for f in range(5)]
    assert max(sizes) - min(sizes) <= 9  # no fold larger than another by more than one thread
    assert sum(sizes) == len(threads)


def test_real_train_folds_are_disjoint_by_thread() -> None:
    from training import real  # noqa: PLC0415

    rows = real.labelled(real.load_rows(), "train")
    folds = assign_folds([r.thread for r in rows], 5)
    by_fold = [{r.id for r in rows if folds[r.thread] == f} for f in range(5)]
    assert sum(map(len, by_fold)) == len(rows)
    assert all(not (a & b) for i, a in enumerate(by_fold) for b in by_fold[i + 1:])
    assert all(r.split == "train" for r in rows)
