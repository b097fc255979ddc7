"""The slider changes a bench makes: pure Python, also run inside Pyodide by bench/draw_profile.py."""

import math


def change_plan(controls, count):
    """``count`` changes alternating the sliders, each sweeping its positions (extremes first, then a
    golden-ratio stride); every state (all slider values) differs from the states before it, so a
    figure's data-values tell which change it shows."""
    controls = [control for control in controls if len(control.get("positions", [])) > 1]
    orders = [spread_order(len(control["positions"])) for control in controls]
    cursors = [0] * len(controls)
    state = {control["name"]: control["value"] for control in controls}
    seen = {frozen(state)}
    plan = []
    for index in range(count):
        which = index % len(controls)
        control, order = controls[which], orders[which]
        for _ in order:
            value = control["positions"][order[cursors[which] % len(order)]]
            cursors[which] += 1
            candidate = {**state, control["name"]: value}
            if frozen(candidate) not in seen:
                break
        else:
            raise ValueError(f"no new state left for {control['name']}")
        state = candidate
        seen.add(frozen(state))
        plan.append({"name": control["name"], "value": value, "state": dict(state)})
    return plan


def spread_order(length):
    """Every index once: last, first, then a stride of about 0.618 * length (coprime with it)."""
    if length < 3:
        return list(range(length - 1, -1, -1))
    stride = max(1, round(length * 0.618))
    while math.gcd(stride, length) != 1:
        stride += 1
    order = [length - 1, 0]
    order += [index for index in (step * stride % length for step in range(length)) if index not in order[:2]]
    return order


def frozen(state):
    return tuple(sorted(state.items()))
