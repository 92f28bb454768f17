import static org.junit.Assert.assertEquals;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;

// By name: the small limits run first, the ten-million limit last.
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class PrimesTest {
  @Test(timeout = 2000)
  @Points(1)
  public void countsSmallLimits() {
    assertEquals(0, Toolbox.countPrimes(0));
    assertEquals(0, Toolbox.countPrimes(1));
    assertEquals(1, Toolbox.countPrimes(2));
    assertEquals(4, Toolbox.countPrimes(10));
    assertEquals(25, Toolbox.countPrimes(100));
    assertEquals(1000, Toolbox.countPrimes(7919));
  }

  @Test(timeout = 2000)
  @Points(1)
  public void countsUpToTenMillion() {
    assertEquals(664579, Toolbox.countPrimes(10_000_000));
  }
}
