package dev.signet.e2e.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for browser tests: Debian's {@code chromium} driven through its {@code chromium-driver},
 * both named by path so that Selenium Manager never looks for (or downloads) a driver or a browser of its own.
 * Screenshots go to {@code target/screenshots/<name>.png}, for a person to look at what a test saw.
 */
public final class Chromium implements AutoCloseable {

    static final Path BROWSER = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();
    private static final Pattern SCREENSHOT_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Chromium cannot capture a texture taller than this; a longer page is cut there. */
    private static final int MAX_CAPTURE_HEIGHT = 16_384;

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Chromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Both Debian packages are installed. */
    public static boolean available() {
        return missingPackages().isEmpty();
    }

    /**
     * Starts a fresh browser with an empty profile. Without the packages the calling test is skipped, or fails on
     * CI ({@code CI=true}), where .ci/run installs them and a skip would hide a broken setup.
     */
    public static Chromium start() {
        requireAvailable();
        Path profile = createProfile();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(Path.of("target", "chromedriver.log").toFile())
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options(profile));
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Chromium(profile, service, driver);
        } catch (WebDriverException e) {
            service.stop();
            deleteProfile(profile);
            throw new IllegalStateException("chromium: did not start (" + BROWSER + " via " + DRIVER
                    + ", log in target/chromedriver.log)", e);
        }
    }

    /** Loads {@code url} and waits for the page's load event. */
    public void open(String url) {
        driver.get(url);
    }

    public WebDriver driver() {
        return driver;
    }

    /** The page's text as a person sees it (hidden elements left out). */
    public String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Waits until the page's visible text contains {@code expected}, and returns that text. */
    public String waitForText(String expected) {
        new WebDriverWait(driver, WAIT).until(d -> text().contains(expected));
        return text();
    }

    /** Types {@code value} into the form field named {@code name}, replacing what it held. */
    public void fill(String name, String value) {
        WebElement field = driver.findElement(By.name(name));
        field.clear();
        field.sendKeys(value);
    }

    /**
     * Fills the fields (in the map's order), clicks the submit button of the first field's form, and waits until
     * the browser has left that page: for plain HTML forms, which navigate on submit.
     */
    public void submit(Map<String, String> fields) {
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("chromium: submit needs at least one field to find the form");
        }
        fields.forEach(this::fill);
        WebElement form = driver.findElement(By.name(fields.keySet().iterator().next()))
                .findElement(By.xpath("ancestor::form"));
        form.findElement(By.cssSelector("button[type=submit], input[type=submit], button:not([type])")).click();
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.stalenessOf(form));
    }

    /**
     * Writes the whole page (or the viewport, if Chromium refuses the full capture) to
     * {@code target/screenshots/<name>.png} and returns that file.
     */
    public Path screenshot(String name) {
        if (!SCREENSHOT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("chromium: screenshot name must match " + SCREENSHOT_NAME + ": " + name);
        }
        byte[] png;
        try {
            png = fullPage();
        } catch (WebDriverException e) {
            png = null;
        }
        if (png == null) {
            png = driver.getScreenshotAs(OutputType.BYTES);
        }
        try {
            Files.createDirectories(SCREENSHOTS);
            return Files.write(SCREENSHOTS.resolve(name + ".png"), png);
        } catch (IOException e) {
            throw new UncheckedIOException("chromium: screenshot " + name + ": cannot write under " + SCREENSHOTS, e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteProfile(profile);
        }
    }

    /**
     * The DevTools capture beyond the viewport, clipped to the page's CSS content size (chromedriver relays the
     * command; no DevTools connection of Selenium's own). Null when Chromium does not report the sizes.
     */
    private byte[] fullPage() {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        if (!(metrics.get("cssContentSize") instanceof Map<?, ?> size)
                || !(size.get("width") instanceof Number width) || !(size.get("height") instanceof Number height)) {
            return null;
        }
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png",
                "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width.doubleValue(),
                        "height", Math.min(height.doubleValue(), MAX_CAPTURE_HEIGHT), "scale", 1)));
        return shot.get("data") instanceof String data ? Base64.getDecoder().decode(data) : null;
    }

    private static ChromeOptions options(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--disable-dev-shm-usage", "--window-size=1280,900",
                "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check", "--disable-gpu");
        if ("root".equals(System.getProperty("user.name"))) {
            // Chromium refuses to start its sandbox as root; CI and these machines run as root.
            options.addArguments("--no-sandbox");
        }
        return options;
    }

    private static void requireAvailable() {
        List<String> missing = missingPackages();
        if (missing.isEmpty()) {
            return;
        }
        String message = "browser tests need Debian's chromium and chromium-driver (" + BROWSER + ", " + DRIVER
                + "): install " + String.join(" and ", missing) + " (apt-get install " + String.join(" ", missing)
                + "; .ci/run does)";
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    private static List<String> missingPackages() {
        List<String> missing = new ArrayList<>();
        if (!Files.isExecutable(BROWSER)) {
            missing.add("chromium");
        }
        if (!Files.isExecutable(DRIVER)) {
            missing.add("chromium-driver");
        }
        return missing;
    }

    private static Path createProfile() {
        try {
            return Files.createTempDirectory("signet-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException("chromium: cannot create a temp profile dir", e);
        }
    }

    private static void deleteProfile(Path profile) {
        try (Stream<Path> walk = Files.walk(profile)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("chromium: could not delete " + profile + ": " + e.getMessage());
        }
    }
}
