"""The page <-> worker protocol is declared once (site_src/protocol/protocol.json): both ends
and Python's results follow the declaration."""

import json
import re

import widget_render
from tests.conftest import ROOT

PROTOCOL = json.loads((ROOT / "site_src" / "protocol" / "protocol.json").read_text(encoding="utf-8"))
JS = ROOT / "site_src" / "js"


def sent_types(source, direction):
    """Message types a script builds with protocolMessage (directly or through send())."""
    direct = re.findall(rf'protocolMessage\("{direction}", "(\w+)"', source)
    via_send = re.findall(r'\bsend\("(\w+)"', source) if direction == "to_page" else []
    return set(direct) | set(via_send)


def test_every_result_field_is_declared_and_present():
    for name in ("sgd_descent.visualize_sgd", "toy_problem.solve_toy_problem"):
        result = widget_render.render(name, {})
        assert set(result) == set(PROTOCOL["result"]), name


def test_worker_sends_only_declared_messages_and_handles_every_request():
    worker = (JS / "pyodide-worker.js").read_text(encoding="utf-8")
    sent = sent_types(worker, "to_page")
    assert sent and sent <= set(PROTOCOL["to_page"])
    assert "postMessage({" not in worker, "every message goes through protocolMessage"
    for request in PROTOCOL["to_worker"]:
        assert f'message.type === "{request}"' in worker, request


def test_the_worker_and_its_downloader_speak_the_declared_messages():
    """The same script in its second role: it downloads the runtime for the Python worker."""
    worker = (JS / "pyodide-worker.js").read_text(encoding="utf-8")
    told = set(re.findall(r'\btell\("(\w+)"', worker))
    assert told == set(PROTOCOL["from_downloader"])
    for answer in PROTOCOL["from_downloader"]:
        assert f'message.type === "{answer}"' in worker, answer
    assert set(re.findall(r'protocolMessage\("to_downloader", "(\w+)"', worker)) == set(PROTOCOL["to_downloader"])
    assert 'isDeclaredMessage("to_downloader", message)' in worker


def test_page_sends_only_declared_requests_and_handles_every_answer():
    runtime = (JS / "python-runtime.js").read_text(encoding="utf-8")
    sent = sent_types(runtime, "to_worker")
    assert sent == set(PROTOCOL["to_worker"])
    for answer in PROTOCOL["to_page"]:
        assert f'message.type === "{answer}"' in runtime, answer


def test_errors_are_data_not_matched_text():
    worker = (JS / "pyodide-worker.js").read_text(encoding="utf-8")
    assert set(PROTOCOL["error"]) == {"name", "message", "fatal"}
    assert not re.search(r"/[^/\n]*fatal[^/\n]*/i?\.test", worker), "fatal errors are told by type"


def test_both_ends_import_the_declaration():
    """No text glued on top: each end imports messages.js, which imports protocol.json."""
    messages = (ROOT / "site_src" / "protocol" / "messages.js").read_text(encoding="utf-8")
    assert 'import PROTOCOL from "./protocol.json"' in messages
    assert "export function protocolMessage(" in messages
    for script in ("pyodide-worker.js", "python-runtime.js"):
        source = (JS / script).read_text(encoding="utf-8")
        assert re.search(r'^import \{[^}]*\bprotocolMessage\b[^}]*\} from "\.\./protocol/messages\.js";$',
                         source, re.MULTILINE), script
        assert "const PROTOCOL" not in source and "PROTOCOL[" not in source, script


def test_loading_reports_bytes_and_failures_say_whether_to_retry():
    assert set(PROTOCOL["to_page"]["progress"]) == {"text", "loaded", "total"}
    assert set(PROTOCOL["to_page"]["failed"]) == {"error", "retryable"}
    assert set(PROTOCOL["to_worker"]["init"]) == {"root", "files", "limits"}
    worker = (JS / "pyodide-worker.js").read_text(encoding="utf-8")
    runtime = (JS / "python-runtime.js").read_text(encoding="utf-8")
    assert 'send("progress", { text, loaded, total })' in worker
    assert "retryable: true" in worker and "message.retryable" in runtime
    assert "{ root: this.root, files: files || null, limits }" in runtime
def test_a_runs_answer_follows_the_declaration():
    import code_runner

    output = code_runner.run("import matplotlib.pyplot as plt\nplt.plot([1, 2])\nprint('x')\n1 / 0\n")
    assert set(output) == set(PROTOCOL["run_output"])
    assert set(output["figures"][0]) == set(PROTOCOL["run_figure"])
    assert set(output["exception"]) == set(PROTOCOL["run_exception"])
    runtime = (JS / "python-runtime.js").read_text(encoding="utf-8")
    # Detener's restart fails pending requests with an error as data, like any other.
    assert 'this.rejectWaiting(reason, "Stopped")' in runtime
    assert "protocolError(name, reason, true)" in runtime
