package org.guestdiag.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CpuListTest {
    @Test
    void valid() {
        assertThat(CpuList.parse("0-3,8,10-11").cardinality()).isEqualTo(7);
        assertThat(CpuList.parse("0").cardinality()).isEqualTo(1);
        assertThat(CpuList.parse("\n").cardinality()).isZero();
    }

    @Test
    void garbage() {
        assertThatThrownBy(() -> CpuList.parse("0-x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuList.parse("3-1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuList.parse("0-2000000000")).isInstanceOf(IllegalArgumentException.class);
    }
}
