import unittest

from dinoair_testkit import call, expect

from app.main import reply, service


class ChatTests(unittest.TestCase):
    def test_a_question_is_answered(self):
        expect(reply("can you draw a dinosaur?") == "You asked about dinosaur; the image pipeline can draw it.", reply("?"))

    def test_chat_refuses_a_body_without_a_message(self):
        status, body = call(service, "POST", "/chat", {})
        self.assertEqual(status, 400)
        self.assertIn("message", body["error"])

    def test_health(self):
        self.assertEqual(call(service, "GET", "/health"), (200, {"status": "ok"}))


if __name__ == "__main__":
    unittest.main()
