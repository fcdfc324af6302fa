import Testing

@testable import DriftbackSyntax

@Suite("HCL lexer")
struct HCLLexerTests {
  /// `(kind, text)` of every token.
  func lex(_ text: String) -> [(HCLToken.Kind, String)] {
    let bytes = Array(text.utf8)
    let tokens = HCLLexer().tokenize(bytes)
    var end = 0
    for token in tokens {
      #expect(token.span.start == end, "tokens must tile the input")
      end = token.span.end
    }
    #expect(end == bytes.count)
    return tokens.map { ($0.kind, String(decoding: bytes[$0.span.start..<$0.span.end], as: UTF8.self)) }
  }

  func kinds(_ text: String) -> [HCLToken.Kind] { lex(text).map(\.0) }

  @Test func attributeTokensAndSpans() {
    let tokens = HCLLexer().tokenize(Array("a = 1\n".utf8))
    #expect(tokens.map(\.kind) == [.identifier, .whitespace, .equals, .whitespace, .number, .newline])
    #expect(
      tokens.map(\.span) == [
        ByteSpan(start: 0, end: 1), ByteSpan(start: 1, end: 2), ByteSpan(start: 2, end: 3), ByteSpan(start: 3, end: 4),
        ByteSpan(start: 4, end: 5), ByteSpan(start: 5, end: 6),
      ])
  }

  @Test func commentStyles() {
    let tokens = lex("# hash\n// slash\r\n/* block\n spans */x")
    #expect(tokens.map(\.0) == [.lineComment, .newline, .lineComment, .newline, .blockComment, .identifier])
    #expect(tokens[0].1 == "# hash")
    #expect(tokens[2].1 == "// slash")
    #expect(tokens[3].1 == "\r\n")
    #expect(tokens[4].1 == "/* block\n spans */")
  }

  @Test func unterminatedBlockCommentIsInvalid() {
    #expect(kinds("x /* open") == [.identifier, .whitespace, .invalid])
  }

  @Test func operatorsAndPunctuation() {
    #expect(
      kinds("== != <= >= < > && || ! + - * / % ? : => = ... . , ( ) [ ] { }").filter { $0 != .whitespace } == [
        .equalEqual, .notEqual, .lessEqual, .greaterEqual, .less, .greater, .and, .or, .bang, .plus, .minus, .star,
        .slash, .percent, .question, .colon, .fatArrow, .equals, .ellipsis, .dot, .comma, .openParen, .closeParen,
        .openBracket, .closeBracket, .openBrace, .closeBrace,
      ])
  }

  @Test func numbersAndLegacyIndexes() {
    #expect(lex("1.5e3")[0].1 == "1.5e3")
    // After a dot only digits are a number, so `x.0.1` is two legacy indexes, not `x.` and `0.1`.
    #expect(lex("x.0.1").map(\.1) == ["x", ".", "0", ".", "1"])
    #expect(lex("1.x").map(\.1) == ["1", ".", "x"])
  }

  @Test func identifiersMayContainDashes() {
    #expect(lex("my-name_2")[0] == (.identifier, "my-name_2"))
  }

  @Test func quotedTemplateWithInterpolationAndEscapes() {
    let tokens = lex(#""a\"b ${x} $${y} %%{z} %{if c}d%{endif}""#)
    #expect(
      tokens.map(\.0) == [
        .openQuote, .templateLiteral, .templateInterpolation, .identifier, .templateSequenceEnd, .templateLiteral,
        .templateControl, .identifier, .whitespace, .identifier, .templateSequenceEnd, .templateLiteral,
        .templateControl, .identifier, .templateSequenceEnd, .closeQuote,
      ])
    #expect(tokens[1].1 == #"a\"b "#)
    #expect(tokens[5].1 == " $${y} %%{z} ")
  }

  @Test func stripMarkers() {
    let tokens = lex(#""${~ x ~}""#)
    #expect(tokens.map(\.1) == ["\"", "${~", " ", "x", " ", "~}", "\""])
    #expect(tokens[5].0 == .templateSequenceEnd)
  }

  @Test func objectBracesInsideInterpolation() {
    #expect(
      kinds(#""${ {a = 1}.a }""#).filter { $0 != .whitespace } == [
        .openQuote, .templateInterpolation, .openBrace, .identifier, .equals, .number, .closeBrace, .dot, .identifier,
        .templateSequenceEnd, .closeQuote,
      ])
  }

  @Test func heredoc() {
    let tokens = lex("x = <<EOT\nhello ${name}\n  EOT\ny = 1")
    #expect(
      tokens.map(\.0) == [
        .identifier, .whitespace, .equals, .whitespace, .heredocStart, .templateLiteral, .templateInterpolation,
        .identifier, .templateSequenceEnd, .templateLiteral, .heredocEnd, .newline, .identifier, .whitespace, .equals,
        .whitespace, .number,
      ])
    #expect(tokens[4].1 == "<<EOT\n")
    #expect(tokens[9].1 == "\n")
    #expect(tokens[10].1 == "  EOT")
  }

  @Test func flushHeredocAndMarkerNotAlone() {
    let tokens = lex("<<-EOT\n  NOT EOT\n  EOT\n")
    #expect(tokens.map(\.0) == [.heredocStart, .templateLiteral, .heredocEnd, .newline])
    #expect(tokens[0].1 == "<<-EOT\n")
    #expect(tokens[1].1 == "  NOT EOT\n")
  }

  @Test func heredocLinesAreSeparateLiterals() {
    let tokens = lex("<<EOT\na\nb\nEOT")
    #expect(tokens.map(\.1) == ["<<EOT\n", "a\n", "b\n", "EOT"])
  }

  @Test func unterminatedStringEndsAtLineBreak() {
    #expect(
      kinds("x = \"abc\ny = 1") == [
        .identifier, .whitespace, .equals, .whitespace, .openQuote, .templateLiteral, .newline, .identifier,
        .whitespace, .equals, .whitespace, .number,
      ])
  }

  @Test func invalidBytesAreTokens() {
    #expect(kinds("a = @") == [.identifier, .whitespace, .equals, .whitespace, .invalid])
    #expect(kinds("<<EOT") == [.invalid])
  }
}
