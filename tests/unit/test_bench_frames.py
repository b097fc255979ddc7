"""The bench's count of display frames from one paced slider change to the next (bench/sliders.py)."""

from bench.report import frame_shares, moved, moved_count, shares
from bench.sliders import frames_between, page_moved, paced_summary

FRAME = 1000 / 60


def figure(values, source, frame_time, render=3.0):
    """A figure as sliders.js reports it: swapped in at ``source``, its frame starting at
    ``frame_time``, that frame's callback 0.5 ms later, the first task after it ``render`` ms later."""
    frame = frame_time + 0.5
    return {"values": values, "source": source, "painted": frame + render, "frame": frame,
            "frameTime": frame_time, "diverged": False, "timings": None}


def test_each_change_counts_the_frames_since_the_previous_changes_figure():
    start = 1000.0
    figures = [figure({"lr": 0.1}, start - 5, start),
               figure({"lr": 0.2}, start + 10, start + FRAME),          # the very next frame
               figure({"lr": 0.3}, start + FRAME + 20, start + 3 * FRAME),  # two frames later
               figure({"lr": 0.4}, start + 3 * FRAME + 40, start + 6 * FRAME)]  # three
    assert frames_between(figures, FRAME) == [1, 2, 3]
    # Frame times jitter a little around the display's interval: still whole frames.
    jittered = [dict(figures[0]), dict(figures[1], frameTime=figures[1]["frameTime"] + 1.2)]
    assert frames_between(jittered, FRAME) == [1]


def test_a_change_without_its_figure_or_frame_counts_nothing():
    shown = [figure({"lr": 0.1}, 0, 0), None, figure({"lr": 0.3}, 40, 2 * FRAME)]
    assert frames_between(shown, FRAME) == [None, None]
    assert frames_between(shown, None) == []  # no frame interval measured (an older page script)
    assert frames_between([dict(shown[0], frameTime=None), shown[2]], FRAME) == [None]


def test_paced_summary_pairs_each_change_with_the_figure_that_shows_it():
    start = 500.0
    sent = [{"state": {"lr": value}, "sent": start + index * 2 * FRAME, "figuresBefore": index}
            for index, value in enumerate((0.1, 0.2, 0.3))]
    figures = [figure({"lr": 0.1}, start + 12, start + FRAME),
               figure({"lr": 0.2}, start + 2 * FRAME + 20, start + 4 * FRAME),
               figure({"lr": 0.3}, start + 4 * FRAME + 8, start + 5 * FRAME)]
    summary = paced_summary({"sent": sent, "figures": figures, "frameMs": FRAME, "error": None, "status": ""})
    assert summary["frames"] == [3, 1]
    assert summary["frame_after_source_ms"] == [f["frame"] - f["source"] for f in figures]
    assert summary["painted_after_frame_ms"] == [3.0, 3.0, 3.0]
    assert summary["latencies_ms"][2] == figures[2]["painted"] - sent[2]["sent"]


def test_the_report_gives_shares_of_next_second_and_later_frames():
    assert frame_shares([1, 1, 2, None, 4, 1]) == (3, 1, 1, 5)
    assert shares(frame_shares([1, 1, 2, None, 4, 1])) == "60% / 20% / 20%"
    assert frame_shares([None]) is None and shares(None) == "-"


def test_each_change_says_whether_the_page_below_the_widget_had_moved():
    """sliders.js notes where the page below the widget starts at each painted figure (and before
    the first change): a change moved it when its figure's place differs from the previous one's."""
    sent = [{"state": {"lr": value}, "sent": 100.0 * index, "figuresBefore": index}
            for index, value in enumerate((0.1, 0.2, 0.3, 0.4))]
    figures = [dict(figure({"lr": 0.1}, 10, 16), below=900.0),
               dict(figure({"lr": 0.2}, 110, 116), below=926.0),   # a notice: the widget grew
               dict(figure({"lr": 0.3}, 210, 216), below=926.2),   # within half a pixel: still
               dict(figure({"lr": 0.4}, 310, 316), below=900.0)]   # the name again: shrank
    raw = {"sent": sent, "figures": figures, "frameMs": FRAME, "belowAtStart": 900.0, "error": None, "status": ""}
    assert paced_summary(raw)["page_moved"] == [False, True, False, True]
    assert page_moved([figures[0], None, figures[2]], 900.0) == [False, None, None]
    assert page_moved(figures[:2], None) == [None, True]  # an older page script: no place at start
    assert moved_count([False, True, None, True]) == (2, 3) and moved(moved_count([False, True, None, True])) == "2/3"
    assert moved_count([None]) is None and moved(None) == "-"
