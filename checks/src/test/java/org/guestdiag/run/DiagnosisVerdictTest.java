package org.guestdiag.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.guestdiag.check.CheckResult;
import org.guestdiag.check.Finding;
import org.guestdiag.check.Report;
import org.guestdiag.check.Severity;
import org.guestdiag.read.Inventory;
import org.junit.jupiter.api.Test;

class DiagnosisVerdictTest {
    private static Diagnosis with(Severity... severities) {
        Report r = new Report("test");
        int i = 0;
        for (Severity s : severities) r.add(Finding.of("test.f" + i++, s, "x").summary("a finding").why("because"));
        return new Diagnosis(Inventory.empty(), List.of(new CheckResult("test", "test", CheckResult.Status.OK, null, r.findings(), Duration.ZERO)));
    }

    @Test
    void infoFindingsAloneLeaveTheVmOkAsItsExitCodeDoes() {
        Diagnosis d = with(Severity.INFO, Severity.OK);
        assertThat(d.worst()).isEqualTo(Severity.INFO);
        assertThat(d.verdict()).isEqualTo(Severity.OK);
        assertThat(d.exitCode()).isZero();
    }

    @Test
    void anythingWorseThanInfoIsTheVerdict() {
        assertThat(with(Severity.INFO, Severity.WARNING).verdict()).isEqualTo(Severity.WARNING);
        assertThat(with(Severity.CRITICAL, Severity.INFO).verdict()).isEqualTo(Severity.CRITICAL);
        assertThat(with().verdict()).isEqualTo(Severity.OK);
    }
}
