import unittest

from dinoair_testkit import call

from comfyui.server import service


class WorkflowTests(unittest.TestCase):
    PROMPT = {
        "1": {"class_type": "EmptyLatentImage", "inputs": {"width": 64, "height": 64}},
        "2": {"class_type": "KSampler", "inputs": {"latent": ["1", 0], "seed": 7}},
        "3": {"class_type": "VAEDecode", "inputs": {"latent": ["2", 0]}},
    }

    def test_a_workflow_is_deterministic(self):
        first = call(service, "POST", "/prompt", {"prompt": self.PROMPT})[1]["outputs"]["3"]
        second = call(service, "POST", "/prompt", {"prompt": self.PROMPT})[1]["outputs"]["3"]
        self.assertEqual(first, second)
        self.assertEqual((first["width"], first["height"]), (512, 512))

    def test_an_unknown_node_is_refused(self):
        status, body = call(service, "POST", "/prompt", {"prompt": {"1": {"class_type": "Nope"}}})
        self.assertEqual(status, 500)
        self.assertIn("unknown class_type", body["error"])


if __name__ == "__main__":
    unittest.main()
