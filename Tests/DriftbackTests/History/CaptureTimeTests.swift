import Testing

@testable import Driftback

@Suite("History: capture times and ages, without the wall clock")
struct CaptureTimeTests {
  @Test func isoDateTimesAndFolderNamesAreRead() {
    #expect(CaptureTime.seconds("1970-01-01T00:00:00Z") == 0)
    #expect(CaptureTime.seconds("2026-11-21T02:00:00Z") == 1_795_226_400)
    #expect(CaptureTime.seconds("2026-11-21T02-00Z") == 1_795_226_400)
    #expect(CaptureTime.seconds("2026-11-21T02:00Z") == 1_795_226_400)
    #expect(CaptureTime.seconds("2026-11-21T03:00:00+01:00") == 1_795_226_400)
    #expect(CaptureTime.seconds("2026-11-20T21:00:00-05:00") == 1_795_226_400)
    #expect(CaptureTime.seconds("2026-11-21T02:00:00.123Z") == 1_795_226_400)
    #expect(CaptureTime.seconds("2026-11-21T02:00:30") == 1_795_226_430)
    #expect(CaptureTime.seconds("2026-11-21T02-00-30Z") == 1_795_226_430)
    #expect(CaptureTime.seconds("2026-11-21") == 1_795_219_200)
    #expect(CaptureTime.seconds("2024-02-29T00:00:00Z") == 1_709_164_800)
  }

  @Test func otherTextIsNoTime() {
    for text in ["", "latest", "2026-13-01", "2026-11-21T25:00Z", "2026-11-21T02-00+01:00", "2026-11-21T02:00Zx"] {
      #expect(CaptureTime.seconds(text) == nil, "\(text)")
    }
  }

  @Test func agesUseTheLargestWholeUnit() {
    let now = "2026-11-21T02:00:00Z"
    #expect(CaptureTime.age(since: "2026-11-21T02:00:00Z", now: now) == "0 min")
    #expect(CaptureTime.age(since: "2026-11-21T01:15:00Z", now: now) == "45 min")
    #expect(CaptureTime.age(since: "2026-11-20T23:00:00Z", now: now) == "3 h")
    #expect(CaptureTime.age(since: "2026-11-20T02:00:00Z", now: now) == "1 day")
    #expect(CaptureTime.age(since: "2026-11-18T01:00:00Z", now: now) == "3 days")
    #expect(CaptureTime.age(since: "2026-11-22T02:00:00Z", now: now) == nil)
    #expect(CaptureTime.age(since: nil, now: now) == nil)
  }
}
