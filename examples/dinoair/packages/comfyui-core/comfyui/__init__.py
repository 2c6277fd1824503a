"""comfyui-core: a node-graph image pipeline server in the shape of ComfyUI (workflows of nodes
posted to /prompt, a queue, /object_info, /system_stats), with a deterministic CPU sampler."""

__version__ = "0.3.0"
