"""Starts comfyui-core: `python main.py` (HOST, PORT, DINOAIR_DEVICE from the environment)."""

from comfyui.server import main

if __name__ == "__main__":
    main()
