import FerryDomain
import Testing

@Suite struct IdentityDocumentTests {
    let today = LocalDate(year: 2026, month: 11, day: 29)!

    @Test func validCitizenNumberYieldsEmbeddedBirthDate() throws {
        let doc = try IdentityDocument(type: .residentId, number: "11010519491231002X", birthDate: nil, today: self.today)
        #expect(doc.birthDate == LocalDate(year: 1949, month: 12, day: 31))
        #expect(doc.number == "11010519491231002X")
    }

    @Test func lowerCaseCheckCharacterIsNormalised() throws {
        let doc = try IdentityDocument(type: .residentId, number: "11010519491231002x", birthDate: nil, today: self.today)
        #expect(doc.number == "11010519491231002X")
    }

    @Test(arguments: [
        "110105194912310021",  // wrong check character
        "11010519491231002",  // too short
        "1101051949123100200",  // too long
        "11010519491331002X",  // month 13 (check digit recomputed below would still be wrong date)
        "A1010519491231002X",  // letter in the body
    ])
    func invalidCitizenNumbersAreRefused(number: String) {
        #expect(throws: FerryError.self) {
            try IdentityDocument(type: .residentId, number: number, birthDate: nil, today: self.today)
        }
    }

    @Test func impossibleDateWithCorrectCheckCharacterIsRefused() throws {
        // 30 February 2001, with the check character GB 11643 gives those 17 digits.
        let body = "11010520010230001"
        let check = try #require(CitizenNumber.checkCharacter(for: body))
        do {
            _ = try IdentityDocument(type: .householdRegister, number: body + String(check), birthDate: nil, today: self.today)
            Issue.record("expected a refusal")
        } catch {
            #expect(error.code == .invalidIdNumber)
            #expect(error.message.contains("impossible"))
        }
    }

    @Test func birthDateInTheFutureIsRefused() throws {
        let body = "11010520270101001"
        let check = try #require(CitizenNumber.checkCharacter(for: body))
        #expect(throws: FerryError(.invalidIdNumber, "The birth date 2027-01-01 is impossible.")) {
            try IdentityDocument(type: .residentId, number: body + String(check), birthDate: nil, today: self.today)
        }
    }

    @Test func mismatchedBirthDateIsRefused() {
        #expect(throws: FerryError.self) {
            try IdentityDocument(
                type: .residentId,
                number: "11010519491231002X",
                birthDate: LocalDate(year: 1950, month: 1, day: 1),
                today: self.today
            )
        }
    }

    @Test(arguments: [DocumentType.passport, .hkMacauPermit, .taiwanPermit, .foreignPermanentResident])
    func permitsNeedBirthDate(type: DocumentType) throws {
        do {
            _ = try IdentityDocument(type: type, number: "E12345678", birthDate: nil, today: self.today)
            Issue.record("expected invalid_id_number")
        } catch {
            #expect(error.code == .invalidIdNumber)
        }
        let doc = try IdentityDocument(type: type, number: "E12345678", birthDate: LocalDate(year: 1990, month: 5, day: 1), today: self.today)
        #expect(doc.birthDate == LocalDate(year: 1990, month: 5, day: 1))
    }

    @Test func checkCharacterMatchesKnownVector() {
        #expect(CitizenNumber.checkCharacter(for: "11010519491231002") == "X")
    }
}
