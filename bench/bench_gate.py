"""The gate's cost: overhead per attempt (parse + checks + number check) < 20 ms; exactly
one call per draft when the server answers correctly; for a scripted error mix, the average calls
and tokens per accepted draft.

Run: python bench/bench_gate.py [--corpus-only]
The corpus section (tests/gate_corpus): per sector, a server that sends the strong model's good
answer (and sends it again when asked to repair), and one that sends each planted invention: calls
and prompt+completion tokens per draft, good answers accepted at the first call, inventions caught.
The server is tests/scripted_server.py on 127.0.0.1 (real HTTP, real openai SDK); its token counts
are estimated from text sizes (about 1.5 characters per token), not a real tokenizer.
"""

from __future__ import annotations

import copy
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.drafting.brief import ProjectBrief, load_brief  # noqa: E402
from assistant.drafting.gate import run_task  # noqa: E402
from assistant.drafting.llm_engine import parse_draft  # noqa: E402
from assistant.drafting.models import IndicatorDraft  # noqa: E402
from assistant.drafting.tasks import all_tasks, blocking, draft_offline, get_task, validate  # noqa: E402
from assistant.formats import read_forms  # noqa: E402
from assistant.llm.client import LLMClient  # noqa: E402
from assistant.llm.config import LLMSettings  # noqa: E402
from assistant.llm.structured import CapabilityCache, extract_json  # noqa: E402
from assistant.rules import load_rule_set  # noqa: E402
from bench.common import BRIEF, SEED, median_p95_ms  # noqa: E402
from tests.gate_corpus_cases import load_corpus  # noqa: E402
from tests.scripted_server import Reply, ScriptedServer  # noqa: E402

RULES = load_rule_set()


def overhead_ms(task: str, subject: Any, repeat: int, cold: bool) -> tuple[float, float]:
    """Median and p95 of one attempt's gate work on a correct answer: extract, parse, validate."""
    content = json.dumps(draft_offline(task, subject, RULES).model_dump(mode="json"), ensure_ascii=False)

    def attempt() -> None:
        draft, problems = parse_draft(get_task(task), extract_json(content), subject)
        assert not problems and not blocking(validate(task, draft, subject, RULES), task)

    return median_p95_ms(attempt, repeat, cold)


def _gate(server: ScriptedServer, subject: Any, cache_dir: Path, task: str = "indicators") -> Any:
    settings = LLMSettings(base_url=server.base_url, model="scripted", max_retries=2)
    cache = CapabilityCache(cache_dir / f"{server.base_url.split(':')[-1].split('/')[0]}.json")
    client = LLMClient(settings, cache=cache, sleep=lambda s: None, backoff_s=0)
    return run_task(task, subject, RULES, engine="llm", settings=settings, client=client, audit=False)


def error_mix(good: dict[str, Any]) -> list[tuple[str, list[Reply], dict[str, int]]]:
    """(name, script, refused modes): the provider behaviours the client copes with, one draft each."""
    text = json.dumps(good, ensure_ascii=False)
    wrong = copy.deepcopy(good)
    wrong["indicators"][0]["weight"] += 5
    invented = copy.deepcopy(good)
    invented["indicators"][0].update(name="覆盖困难家庭户数", target="≥237户")
    drifting = [copy.deepcopy(good) for _ in range(3)]
    for extra, draft in zip((5, 7, 9), drifting, strict=True):
        draft["indicators"][0]["weight"] += extra
    quoted = text.replace('"', "“", 1)
    ok = Reply(content=text)
    return [
        ("correct", [ok], {}),
        ("fenced JSON", [Reply(content=f"```json\n{text}\n```")], {}),
        ("full-width quotes", [Reply(content=quoted.replace('"', "”"))], {}),
        ("blank, then correct", [Reply(content=" "), ok], {}),
        ("429, then correct", [Reply(status=429, headers={"Retry-After": "0"}), ok], {}),
        ("cut off, then correct", [Reply(content=text[:300], finish_reason="length"), ok], {}),
        ("weights wrong, repaired", [Reply.json(wrong), ok], {}),
        ("invented number, repaired", [Reply.json(invented), ok], {}),
        ("json_schema refused 400 (DeepSeek, GLM)", [ok], {"json_schema": 400}),
        ("json_schema refused 500 (llama.cpp)", [ok], {"json_schema": 500}),
        ("invented number twice → fallback", [Reply.json(invented)] * 3, {}),
        ("findings keep changing → fallback", [Reply.json(d) for d in drifting], {}),
    ]


def _line(label: str, value: str) -> None:
    print(f"  {label:<46} {value}")


def corpus(cache_dir: Path) -> None:
    """Calls and tokens per draft on the corpus; good answers at the first call; inventions caught."""
    print("\nCorpus (tests/gate_corpus), a model that answers the same each time it is asked:")
    calls, prompt, completion, first = [], [], [], 0
    for case in load_corpus():
        with ScriptedServer([Reply.json(case.good)] * 3, estimate_usage=True) as server:
            result = _gate(server, case.brief, cache_dir)
        calls.append(server.calls)
        prompt.append(result.usage["prompt_tokens"])
        completion.append(result.usage["completion_tokens"])
        first += result.status == "accepted" and server.calls == 1
        _line(
            f"{case.name} ({case.sector})",
            f"{result.status:<8} calls {server.calls}  tokens {result.usage['total_tokens']}",
        )
    slips = []  # (calls, tokens) per imperfect answer: one slip, then the good answer after a repair
    for case in load_corpus():
        for slip in case.imperfect:
            script = [Reply.json(slip.draft), Reply.json(case.good)]
            with ScriptedServer(script, estimate_usage=True) as server:
                result = _gate(server, case.brief, cache_dir)
            slips.append((result.status == "accepted", server.calls, result.usage["total_tokens"]))
            _line(
                f"{case.name}: {slip.what}",
                f"{result.status:<8} calls {server.calls}  tokens {result.usage['total_tokens']}",
            )
    caught = total = 0
    for case in load_corpus():
        for plant in case.plants:
            draft = IndicatorDraft.model_validate(plant.draft)
            codes = {
                (f.code, f.indicator_index)
                for f in blocking(validate("indicators", draft, case.brief, RULES), "indicators")
            }
            total += 1
            caught += (plant.expect, plant.row) in codes
    print()
    _line("good answers accepted at the first call", f"{first} / {len(calls)}")
    _line("calls per draft (good answers)", f"{statistics.mean(calls):.2f}")
    _line(
        "prompt + completion tokens per draft",
        f"{statistics.mean(prompt):.0f} + {statistics.mean(completion):.0f}",
    )
    _line("planted inventions caught (right row)", f"{caught} / {total}")
    if slips:
        _line(
            "imperfect answers accepted after one repair",
            f"{sum(s[0] and s[1] == 2 for s in slips)} / {len(slips)}",
        )
        _line(
            "calls / tokens per imperfect answer",
            f"{statistics.mean(s[1] for s in slips):.2f} / {statistics.mean(s[2] for s in slips):.0f}",
        )


def main() -> None:
    if "--corpus-only" in sys.argv:
        with tempfile.TemporaryDirectory() as folder:
            corpus(Path(folder))
        return
    brief = load_brief(BRIEF)
    form = read_forms(SEED)[0]
    print("Gate overhead per attempt (extract JSON + parse + checks + number check), on a correct answer:")
    for spec in all_tasks():
        task, subject = spec.name, brief if spec.subject is ProjectBrief else form
        warm = overhead_ms(task, subject, 200, cold=False)
        cold = overhead_ms(task, subject, 100, cold=True)
        _line(
            task, f"median {warm[0]:.2f} ms, p95 {warm[1]:.2f} ms; new text {cold[0]:.2f} / {cold[1]:.2f} ms"
        )
    print("  target: < 20 ms")

    good = draft_offline("indicators", brief, RULES).model_dump(mode="json")
    with tempfile.TemporaryDirectory() as folder:
        cache_dir = Path(folder)
        drafts = 20
        with ScriptedServer([Reply.json(good)] * drafts, estimate_usage=True) as server:
            results = [_gate(server, brief, cache_dir) for _ in range(drafts)]
        accepted = sum(r.status == "accepted" for r in results)
        tokens = statistics.mean(r.usage["total_tokens"] for r in results)
        latency = statistics.median(r.latency_ms for r in results)
        print("\nA server that answers correctly (indicators for the example brief):")
        _line("drafts / accepted", f"{drafts} / {accepted}")
        _line("HTTP calls per draft", f"{server.calls / drafts:g} (target: exactly 1)")
        _line("tokens per draft (estimated)", f"{tokens:.0f}")
        _line("gate latency per draft, loopback", f"median {latency:.1f} ms")

        print("\nScripted error mix (one draft per behaviour):")
        rows: list[tuple[str, Any, int]] = []
        for name, script, refuse in error_mix(good):
            with ScriptedServer(script, refuse=refuse, estimate_usage=True) as server:
                result = _gate(server, brief, cache_dir)
            rows.append((name, result, server.calls))
            _line(name, f"{result.status:<8} calls {server.calls}  tokens {result.usage['total_tokens']}")
        ok: list[tuple[str, Any, int]] = [row for row in rows if row[1].status == "accepted"]
        never_bad = all(
            not blocking(validate("indicators", r.draft, brief, RULES), "indicators") for _, r, _ in rows
        )
        print()
        _line("accepted by the model / fallback", f"{len(ok)} / {len(rows) - len(ok)}")
        _line("average calls per accepted draft", f"{statistics.mean(c for _, _, c in ok):.2f}")
        _line(
            "average tokens per accepted draft",
            f"{statistics.mean(r.usage['total_tokens'] for _, r, _ in ok):.0f}",
        )
        _line("average calls per draft, fallbacks included", f"{statistics.mean(c for _, _, c in rows):.2f}")
        _line("every returned draft passes the checks", str(never_bad))
        corpus(cache_dir)


if __name__ == "__main__":
    main()
