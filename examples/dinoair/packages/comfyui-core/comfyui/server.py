"""The HTTP server: POST /prompt runs a workflow, GET /queue lists what ran, /object_info the node
types, /system_stats the device, /health answers while the server is up."""

import os
import threading
import uuid

from dinoair_serve import Service

from . import __version__
from .nodes import NODES

service = Service("comfyui")
history = []
lock = threading.Lock()


def device():
    wanted = os.environ.get("DINOAIR_DEVICE", "cpu")
    visible = os.environ.get("NVIDIA_VISIBLE_DEVICES", "")
    return "cuda" if wanted == "cuda" and visible not in ("", "void", "none") else "cpu"


def run(workflow):
    """Runs nodes in key order; an input `["3", 0]` is node 3's output."""
    outputs = {}
    for key in sorted(workflow, key=int):
        node = workflow[key]
        function = NODES.get(node.get("class_type"))
        if function is None:
            raise ValueError(f"node {key}: unknown class_type {node.get('class_type')!r}")
        inputs = {name: outputs[value[0]] if isinstance(value, list) else value for name, value in node.get("inputs", {}).items()}
        outputs[key] = function(**inputs)
    return outputs


@service.route("GET", "/health")
def health(_):
    return 200, {"status": "ok", "version": __version__}


@service.route("GET", "/system_stats")
def system_stats(_):
    return 200, {"device": device(), "version": __version__}


@service.route("GET", "/object_info")
def object_info(_):
    return 200, {name: {"name": name} for name in sorted(NODES)}


@service.route("POST", "/prompt")
def prompt(body):
    if not isinstance(body, dict) or not isinstance(body.get("prompt"), dict):
        return 400, {"error": "post {\"prompt\": {node id: {class_type, inputs}}}"}
    outputs = run(body["prompt"])
    entry = {"prompt_id": str(uuid.uuid4()), "outputs": {key: value for key, value in outputs.items() if "digest" in value}}
    with lock:
        history.append(entry)
    return 200, entry


@service.route("GET", "/queue")
def queue(_):
    with lock:
        return 200, {"done": len(history), "recent": history[-5:]}


def main():
    service.serve(os.environ.get("HOST", "0.0.0.0"), int(os.environ.get("PORT", "8188")))
