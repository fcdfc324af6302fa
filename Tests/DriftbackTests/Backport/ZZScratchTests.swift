import Testing
@testable import Driftback
import DriftbackSyntax

func dumpNode(_ n: SyntaxNode, _ f: SourceFile, _ depth: Int = 0) {
  let pad = String(repeating: "  ", count: depth)
  switch n.content {
  case .scalar(let s, let st): print("\(pad)scalar \(st) \(s.debugDescription) span=\(n.span) text=\(f.text(n.span).debugDescription) tag=\(n.tag ?? "-") anchor=\(n.anchor ?? "-")")
  case .mapping(let es, let st):
    print("\(pad)map \(st) span=\(n.span) text=\(f.text(n.span).prefix(30).debugDescription)")
    for e in es { dumpNode(e.key, f, depth+1); dumpNode(e.value, f, depth+2) }
  case .sequence(let items, let st):
    print("\(pad)seq \(st) span=\(n.span) text=\(f.text(n.span).prefix(30).debugDescription)")
    for i in items { dumpNode(i, f, depth+1) }
  }
}

@Test func scratchBackportDump() throws {
  let text = """
  a: &x
    b: 1
  c: !!str 12
  d: |
    line1
    line2

  e: >-
    folded

  # comment
  f:
  - x
  - y
  g: [1, 2]
  h: {}
  i:
  j: *x
  k: !!map
    z: 1
  l: |+
    keep


  m: end
  """
  let f = SourceFile(path: "t.yaml", text: text)
  for d in try YAMLParser().parse(f) { if let r = d.root { dumpNode(r, f) } }
}
