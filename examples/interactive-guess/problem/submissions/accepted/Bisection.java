import java.util.Scanner;

/** The judge solution: a class not named Main, found by its main method. */
public class Bisection {
  public static void main(String[] args) {
    Scanner in = new Scanner(System.in);
    int lo = 1;
    int hi = 1000;
    while (true) {
      int mid = (lo + hi) / 2;
      System.out.println(mid);
      System.out.flush();
      String answer = in.next();
      if (answer.equals("correct")) {
        return;
      }
      if (answer.equals("higher")) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
  }
}
