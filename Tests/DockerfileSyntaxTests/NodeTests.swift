import DockerfileSyntax
import Testing

/// Nodes are values whether they hold only a value (kept as the string alone) or a box of fields:
/// a change to a copy never shows in the original, and equal fields are equal nodes.
@Suite struct NodeTests {
    @Test func copiesChangeAloneWhateverTheStorage() {
        let leaf = Node(value: "a")
        var flagged = leaf
        flagged.flags = ["--x"]
        #expect(leaf.flags.isEmpty && flagged.flags == ["--x"] && flagged.value == "a")

        var renamed = leaf
        renamed.value = "b"
        #expect(leaf.value == "a" && renamed.value == "b")

        var boxed = Node(value: "RUN", next: [leaf], startLine: 3)
        let copy = boxed
        boxed.endLine = 4
        boxed.next.append(Node(value: "c"))
        #expect(copy.endLine == 0 && copy.next == [leaf])
        #expect(boxed.endLine == 4 && boxed.next.map(\.value) == ["a", "c"])
        // A box nothing else shares is changed in place, and still right afterwards.
        boxed.endLine = 5
        #expect(boxed.endLine == 5 && boxed.startLine == 3)
    }

    @Test func equalFieldsAreEqualNodes() {
        var emptied = Node(value: "a", startLine: 1)
        emptied.startLine = 0
        #expect(emptied == Node(value: "a"))
        #expect(Node(value: "a") != Node(value: "a", isJSON: true))
        #expect(Node(value: "a", comments: ["x"]).comments == ["x"])
    }
}
