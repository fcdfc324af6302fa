import DriftbackGit
import Foundation
import Testing

/// Creating, replacing and refusing to move branches.
@Suite("Branches", .enabled(if: GitCLI.isAvailable, GitCLI.skipComment))
struct GitBranchTests {
  private let signature = GitFixture.signature

  @Test func anExistingBranchIsAnErrorWithoutForceAndReplacedWithIt() throws {
    let fixture = try GitFixture.standard()
    let repository = try GitRepository(path: fixture.workingDirectory)
    let base = try repository.resolve("HEAD")
    let first = try repository.resolve("v1")
    try fixture.git("branch", "driftback/existing", first.hex)

    #expect {
      try repository.setBranch("driftback/existing", to: base, force: false, reflogMessage: "test")
    } throws: { error in
      let error = try #require(error as? GitError)
      return error.kind == .branchExists
        && error.description
          == "cannot set branch 'driftback/existing' to \(base.hex.prefix(7)) in \(fixture.workingDirectory): "
          + "the branch already exists at \(first.hex.prefix(7))"
    }
    #expect(try repository.branchTip("driftback/existing") == first)

    try repository.setBranch("driftback/existing", to: base, force: true, reflogMessage: "replaced")
    #expect(try repository.branchTip("driftback/existing") == base)
    #expect(try fixture.git("rev-parse", "driftback/existing") == base.hex)
    #expect(try fixture.git("log", "-g", "-1", "--format=%gs", "driftback/existing") == "replaced")
  }

  @Test func refusesToMoveTheCheckedOutBranch() throws {
    let fixture = try GitFixture.standard()
    try fixture.makeDirty()
    let before = try fixture.state()
    let repository = try GitRepository(path: fixture.workingDirectory)
    let first = try repository.resolve("v1")

    #expect {
      try repository.setBranch("main", to: first, force: true, reflogMessage: "test")
    } throws: { error in
      let error = try #require(error as? GitError)
      return error.kind == .branchCheckedOut
        && error.description
          == "cannot set branch 'main' to \(first.hex.prefix(7)) in \(fixture.workingDirectory): the branch is "
          + "checked out; moving it would leave the working tree and index out of step with HEAD"
    }
    #expect(try fixture.state() == before)
  }

  @Test func refusesToMoveABranchCheckedOutInAnotherWorktree() throws {
    let fixture = try GitFixture.standard()
    try fixture.git("worktree", "add", "-q", "-b", "feature", fixture.root + "/feature-tree", "v1")
    let repository = try GitRepository(path: fixture.workingDirectory)
    let head = try repository.resolve("HEAD")
    #expect {
      try repository.setBranch("feature", to: head, force: true, reflogMessage: "test")
    } throws: { error in
      (error as? GitError)?.kind == .branchCheckedOut
    }
    #expect(try fixture.git("rev-parse", "feature") == (try fixture.git("rev-parse", "v1^{commit}")))
  }

  @Test func worksFromALinkedWorktree() throws {
    let fixture = try GitFixture.standard()
    let linked = fixture.root + "/feature-tree"
    try fixture.git("worktree", "add", "-q", "-b", "feature", linked, "v1")
    let repository = try GitRepository.discover(containing: linked + "/iac")
    #expect(repository.workingDirectory == linked)
    #expect(repository.currentBranch == "feature")
    let first = try repository.resolve("HEAD")
    #expect(first == (try repository.resolve("v1")))
    // `main` is checked out in the main working tree.
    #expect {
      try repository.setBranch("main", to: first, force: true, reflogMessage: "test")
    } throws: { error in
      (error as? GitError)?.kind == .branchCheckedOut
    }
    let commit = try repository.commit(
      changes: ["iac/old.yaml": nil], parent: first, message: "From the linked worktree", author: signature,
      committer: signature)
    try repository.setBranch("driftback/linked", to: commit, force: false, reflogMessage: "test")
    #expect(try fixture.git("rev-parse", "driftback/linked") == commit.hex)
    #expect(try fixture.text(["status", "--porcelain"], in: linked) == "")
  }

  @Test func refusesTheUnbornBranchOfANewRepository() throws {
    let fixture = try GitFixture.standard()
    try fixture.git("checkout", "-q", "--orphan", "fresh")
    let repository = try GitRepository(path: fixture.workingDirectory)
    #expect(repository.currentBranch == nil)
    #expect {
      try repository.setBranch("fresh", to: try repository.resolve("main"), force: false, reflogMessage: "test")
    } throws: { error in
      (error as? GitError)?.kind == .branchCheckedOut
    }
  }

  @Test func detachedHeadHasNoCurrentBranch() throws {
    let fixture = try GitFixture.standard()
    try fixture.git("checkout", "-q", "--detach", "v1")
    let repository = try GitRepository(path: fixture.workingDirectory)
    #expect(repository.currentBranch == nil)
    // With HEAD detached, `main` is checked out nowhere and may be moved.
    try repository.setBranch("main", to: try repository.resolve("HEAD"), force: true, reflogMessage: "test")
    #expect(try fixture.git("rev-parse", "main") == (try fixture.git("rev-parse", "HEAD")))
  }

  @Test(arguments: ["bad..name", "-dash", "HEAD", "with space", "trailing/", "a.lock", "tilde~1", ""])
  func rejectsInvalidBranchNames(_ name: String) throws {
    let fixture = try GitFixture.standard()
    let repository = try GitRepository(path: fixture.workingDirectory)
    let head = try repository.resolve("HEAD")
    #expect {
      try repository.setBranch(name, to: head, force: false, reflogMessage: "test")
    } throws: { error in
      let error = try #require(error as? GitError)
      return error.kind == .invalidBranchName
        && error.description.hasSuffix("'\(name)' is not a valid branch name (see `git check-ref-format --branch`)")
    }
    #expect(throws: GitError.self) { try repository.branchTip(name) }
  }

  @Test func anAbsentBranchHasNoTip() throws {
    let fixture = try GitFixture.standard()
    let repository = try GitRepository(path: fixture.workingDirectory)
    #expect(try repository.branchTip("driftback/none") == nil)
    #expect(try repository.branchTip("main") == (try repository.resolve("HEAD")))
  }

  @Test func refusesToPointABranchAtSomethingThatIsNotACommit() throws {
    let fixture = try GitFixture.standard()
    let repository = try GitRepository(path: fixture.workingDirectory)
    let tree = try #require(GitObjectID(hex: try fixture.git("rev-parse", "HEAD^{tree}")))
    #expect {
      try repository.setBranch("driftback/tree", to: tree, force: false, reflogMessage: "test")
    } throws: { error in
      (error as? GitError)?.kind == .revisionNotFound
    }
    #expect(try repository.branchTip("driftback/tree") == nil)
  }
}
