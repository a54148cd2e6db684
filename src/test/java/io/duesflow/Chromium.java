package io.duesflow;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A real headless Chromium for the tests that use Tasklist and Cockpit as people do. Screenshots in target/screenshots. */
public final class Chromium implements AutoCloseable {

    static final File BINARY = new File("/usr/bin/chromium");
    static final File DRIVER = new File("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target/screenshots");

    private final WebDriver browser;
    private final int port;

    private Chromium(WebDriver browser, int port) {
        this.browser = browser;
        this.port = port;
    }

    /** Skips the test, saying how to install it, where this machine has no Chromium. */
    public static void assumeInstalled() {
        Assumptions.assumeTrue(BINARY.canExecute() && DRIVER.canExecute(),
                "Skipped: no Chromium at /usr/bin/chromium with /usr/bin/chromedriver "
                        + "(apt-get install chromium chromium-driver; .ci/run installs them)");
    }

    public static Chromium open(int port) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY);
        // Without the networking flags Chromium stalls on this closed network.
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("duesflow-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER).build();
        Files.createDirectories(SCREENSHOTS);
        return new Chromium(new ChromeDriver(service, options), port);
    }

    public WebDriver driver() {
        return browser;
    }

    public void get(String path) {
        browser.get("http://localhost:" + port + path);
    }

    /** Logs into a webapp ({@code /camunda/app/tasklist/default/} …) with the login form it shows. */
    public void logIn(String app, String user, String password) {
        get(app);
        // The login page may be drawn again while it loads (Angular): type into the form that is there in the end.
        // A webapp's first page in an application just started takes long on a busy machine: its bundles are large.
        new WebDriverWait(browser, Duration.ofSeconds(90)).ignoring(StaleElementReferenceException.class).until(driver -> {
            WebElement name = driver.findElement(By.cssSelector("input[ng-model=username]"));
            if (!name.isDisplayed()) {
                return false;
            }
            name.clear();
            name.sendKeys(user);
            WebElement secret = driver.findElement(By.cssSelector("input[ng-model=password]"));
            secret.clear();
            secret.sendKeys(password);
            driver.findElement(By.cssSelector("button[type=submit]")).click();
            return true;
        });
    }

    public WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(60));
    }

    public void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        browser.quit();
    }
}
