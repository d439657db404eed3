package dev.ordersaga.analytics;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The saga console in a real, headless Chromium: the OS's {@code chromium} and {@code chromedriver}
 * (Debian: {@code apt-get install chromium chromium-driver}; {@code .ci/run} installs them). Without
 * them the test is skipped, except in CI ({@code CI} set), where it fails.
 */
final class ConsoleBrowser implements AutoCloseable {

	private final WebDriver driver;

	private ConsoleBrowser(WebDriver driver) {
		this.driver = driver;
	}

	/** Starts the browser, or skips the test when none is installed outside CI. */
	static ConsoleBrowser start() {
		Optional<Path> chromium = executable("chromium", "chromium-browser", "google-chrome");
		Optional<Path> chromedriver = executable("chromedriver");
		if (chromium.isEmpty() || chromedriver.isEmpty()) {
			String missing = "No " + (chromium.isEmpty() ? "chromium" : "chromedriver")
					+ " on the PATH: install chromium and chromium-driver to run the console's browser test";
			if (System.getenv("CI") != null) {
				throw new IllegalStateException(missing + " (CI must run it; .ci/run installs them with apt-get)");
			}
			Assumptions.abort(missing);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.get().toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
				"--window-size=1440,1300", "--lang=en");
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(chromedriver.get().toFile())
			.usingAnyFreePort()
			.build();
		ChromeDriver driver = new ChromeDriver(service, options);
		driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
		return new ConsoleBrowser(driver);
	}

	void open(String url) {
		driver.get(url);
	}

	String currentUrl() {
		return driver.getCurrentUrl();
	}

	WebElement find(String css) {
		return driver.findElement(By.cssSelector(css));
	}

	List<WebElement> findAll(String css) {
		return driver.findElements(By.cssSelector(css));
	}

	Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) driver).executeScript(script, arguments);
	}

	/** Saves a screenshot as {@code target/console-<name>.png}. */
	Path screenshot(String name) {
		try {
			Path target = Path.of("target", "console-" + name + ".png");
			Files.createDirectories(target.getParent());
			File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
			return Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not save the screenshot " + name, ex);
		}
	}

	/** Runs the scenario; when it fails, saves {@code target/console-failure.png} and the page's text first. */
	void onFailureScreenshot(Scenario scenario) throws Exception {
		try {
			scenario.run();
		}
		catch (Exception | AssertionError ex) {
			screenshot("failure");
			ex.addSuppressed(new IllegalStateException("The page when it failed (target/console-failure.png):\n"
					+ find("body").getText()));
			throw ex;
		}
	}

	interface Scenario {

		void run() throws Exception;
	}

	@Override
	public void close() {
		driver.quit();
	}

	private static Optional<Path> executable(String... names) {
		String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
		return Stream.of(names)
			.flatMap(name -> Stream.of(path.split(File.pathSeparator)).map(dir -> Path.of(dir, name)))
			.filter(Files::isExecutable)
			.findFirst();
	}
}
